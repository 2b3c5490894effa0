"""The residents' pages of meetings: the list (upcoming and live, or past; by akimat, kind and
month), a meeting's page (agenda, documents, the broadcast, then minutes, attendance, decisions with
their live status, transcripts; a hearing's questions and the form to ask one), a question's
thank-you page and the downloads. Published meetings only; everything works without script.

The list and the meeting's page are kept by the page cache; each asks it to keep the page only
until the next "live now" badge appears or disappears (`live.cap_page_cache`)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from openakimat.common.client_address import client_ip
from openakimat.common.downloads import attachment_response
from openakimat.common.errors import ConflictError, TemporarilyUnavailable
from openakimat.common.forms import add_service_errors
from openakimat.common.ratelimit import RateLimited
from openakimat.territory.models import Akimat, heavy_fields

from . import live, permissions, selectors, services_public
from .forms_public import PAST, MeetingFilterForm, QuestionForm
from .models import LANGUAGES, Meeting, Transcript, TranscriptKind

PER_PAGE = 20
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
# Whole sentences per language: the name of a language does not decline into another sentence.
NO_VERSION = {
    "kk": _("This meeting has no Kazakh version."),
    "ru": _("This meeting has no Russian version."),
    "en": _("This meeting has no English version."),
}
NOT_IN = {
    "kk": _("There is no Kazakh version."),
    "ru": _("There is no Russian version."),
    "en": _("There is no English version."),
}


def _language() -> str:
    code = (get_language() or "kk")[:2]
    return code if code in LANGUAGES else "kk"


# --- The list ---------------------------------------------------------------------------------


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first moment and the next month's, in Almaty time."""
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return (
        timezone.make_aware(datetime(month.year, month.month, 1)),
        timezone.make_aware(datetime(following.year, following.month, 1)),
    )


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    # The akimats that have published meetings: a semi-join on the index, not DISTINCT over every meeting.
    published = Meeting.objects.filter(published=True).values("akimat_id")
    akimats = (
        Akimat.objects.filter(pk__in=published)
        .select_related("territory")
        .defer(*heavy_fields("territory"))
        .order_by("pk")
    )
    form = MeetingFilterForm(request.GET or None, akimats=akimats)
    data: dict[str, Any] = {"when": "", "akimat": "", "kind": "", "month": None}
    status = 200
    if form.is_bound:
        if form.is_valid():
            data.update(form.cleaned_data)
        else:
            status = 400
    now = timezone.now()
    past = data["when"] == PAST
    qs = selectors.public_meetings(kind=data["kind"] or None).order_by()
    if data["akimat"]:
        qs = qs.filter(akimat__territory__kato=data["akimat"])
    if data["month"]:
        starts, ends = _month_bounds(data["month"])
        qs = qs.filter(starts_at__gte=starts, starts_at__lt=ends)
    # Past: ended (or, without an end, started three hours ago), latest first; else the rest, soonest first.
    ended = live.ended_q(now)
    qs = qs.filter(ended).order_by("-starts_at", "-pk") if past else qs.exclude(ended).order_by("starts_at", "pk")
    page = Paginator(qs if status == 200 else qs.none(), PER_PAGE).get_page(request.GET.get("page"))
    keep = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    meetings = list(page.object_list)
    for meeting in meetings:
        meeting.live = live.is_live(meeting, now)
    response = render(
        request,
        "meetings/list.html",
        {
            "form": form,
            "page": page,
            "meetings": meetings,
            "past": past,
            "keep": keep,
            "filtered": any(request.GET.get(name) for name in ("akimat", "kind", "month")),
        },
        status=status,
    )
    return live.cap_page_cache(response, live.next_change(now=now), now)


# --- A meeting's page -------------------------------------------------------------------------


@dataclass
class Version:
    """One language's version of a text (minutes, a transcript, a summary)."""

    language: str
    name: str
    text: str = ""
    file_url: str = ""
    file_size: int | None = None


@dataclass
class Versions:
    """A text in the languages it exists in: the active language's version, or a notice."""

    current: Version | None
    others: list[Version] = field(default_factory=list)
    missing_notice: str = ""


def _versions(found: dict[str, Version], language: str) -> Versions:
    others = [found[code] for code in LANGUAGES if code in found and code != language]
    return Versions(
        current=found.get(language),
        others=others,
        missing_notice="" if language in found else str(NOT_IN[language]),
    )


def _transcripts(meeting: Meeting, language: str) -> list[tuple[str, Versions]]:
    by_kind: dict[str, dict[str, Version]] = {}
    for t in Transcript.objects.filter(meeting=meeting).order_by("kind", "language"):
        if not (t.text or t.file):
            continue
        by_kind.setdefault(t.kind, {})[t.language] = Version(
            language=t.language,
            name=LANGUAGE_NAMES.get(t.language, t.language),
            text=t.text,
            file_url=reverse("meetings:transcript-file", kwargs={"pk": meeting.pk, "transcript_id": t.pk})
            if t.file
            else "",
            file_size=t.size,
        )
    labels = dict(TranscriptKind.choices)
    order = [TranscriptKind.SUMMARY, TranscriptKind.TRANSCRIPT]
    return [(str(labels[k]), _versions(by_kind[k], language)) for k in order if k in by_kind]


def _minutes(meeting: Meeting, language: str) -> Versions | None:
    minutes = getattr(meeting, "minutes", None)
    if minutes is None or not minutes.is_published:
        return None
    found = {
        code: Version(language=code, name=LANGUAGE_NAMES[code], text=minutes.body_in(code))
        for code in LANGUAGES
        if minutes.body_in(code)
    }
    return _versions(found, language) if found else None


def _public_meeting(pk: int) -> Meeting:
    """A published meeting with its akimat and minutes (one query), or 404."""
    found = (
        Meeting.objects.filter(permissions.public_q(), pk=pk)
        .select_related("akimat__territory", "minutes")
        .defer(*heavy_fields("akimat__territory"))
        .first()
    )
    if found is None:
        raise Http404
    return found


def _meeting_page(
    request: HttpRequest, meeting: Meeting, form: QuestionForm | None = None, status: int = 200, **extra
) -> HttpResponse:
    now = timezone.now()
    language = _language()
    questions_open = meeting.questions_open(now)
    if questions_open and form is None:
        form = QuestionForm()
    decisions = list(meeting.decisions.all())
    statuses = selectors.decision_statuses(meeting) if decisions else {}
    context = {
        "meeting": meeting,
        "live": live.is_live(meeting, now),
        "started": meeting.starts_at <= now,
        "over": live.ends_of(meeting) <= now,
        "embed_url": "" if meeting.is_cancelled else meeting.embed_url(),
        "agenda": list(meeting.agenda_items.all()),
        "documents": list(meeting.documents.all()),
        "attendees": list(meeting.attendees.all()) if meeting.attendance_recorded_at else [],
        "decisions": [(d, statuses.get(d.pk)) for d in decisions],
        "minutes": _minutes(meeting, language),
        "transcripts": _transcripts(meeting, language),
        "questions": selectors.published_questions(meeting) if meeting.is_hearing else [],
        "questions_open": questions_open,
        "form": form if questions_open else None,
        "no_version": "" if meeting.has_language("title", language) else str(NO_VERSION[language]),
        "title_language": next((c for c in (language, *LANGUAGES) if meeting.has_language("title", c)), language),
        **extra,
    }
    response = render(request, "meetings/detail.html", context, status=status)
    return live.cap_page_cache(response, live.meeting_changes(meeting, now), now)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, _public_meeting(pk))


# --- A question to a hearing ------------------------------------------------------------------


def _rate_limited(request: HttpRequest, meeting: Meeting, exc: RateLimited) -> HttpResponse:
    response = render(
        request, "meetings/rate_limited.html", {"meeting": meeting, "minutes": exc.retry_after_minutes}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@never_cache
@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _public_meeting(pk)
    if not meeting.questions_open():
        return _meeting_page(request, meeting, status=409, problem=_("This hearing takes no questions now."))
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, form, status=400)
    data = form.cleaned_data
    try:
        services_public.question_ask(
            meeting=meeting,
            text=data["text"],
            author_name=data["author_name"],
            author_contact=data["author_contact"],
            language=_language(),
            client=client_ip(request) or "unknown",
        )
    except RateLimited as exc:
        return _rate_limited(request, meeting, exc)
    except TemporarilyUnavailable as exc:
        response = render(request, "meetings/rate_limited.html", {"meeting": meeting, "unavailable": True}, status=503)
        response["Retry-After"] = str(exc.retry_after)
        return response
    except ConflictError as exc:
        return _meeting_page(request, meeting, status=409, problem=str(exc))
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _meeting_page(request, meeting, form, status=400)
    return redirect("meetings:asked", pk=meeting.pk)


@require_GET
def asked(request: HttpRequest, pk: int) -> HttpResponse:
    """The thank-you page after a question: nothing of the question or its author on it."""
    return render(request, "meetings/asked.html", {"meeting": selectors.public_meeting(pk)})


# --- Downloads --------------------------------------------------------------------------------


def _download(stored, *, original_name: str) -> FileResponse:
    """An attachment typed and named by its stored bytes (`common.downloads`), never rendered."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        raise Http404 from None
    response = attachment_response(handle, original_name=original_name or "document")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def document(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """A document of a published meeting."""
    found = selectors.public_document(pk, document_id)
    if not found.file:
        raise Http404
    return _download(found.file, original_name=found.original_name)


@require_GET
def transcript_file(request: HttpRequest, pk: int, transcript_id: int) -> FileResponse:
    meeting = selectors.public_meeting(pk)
    found = Transcript.objects.filter(meeting=meeting, pk=transcript_id).first()
    if found is None or not found.file:
        raise Http404
    return _download(found.file, original_name=found.original_name)
