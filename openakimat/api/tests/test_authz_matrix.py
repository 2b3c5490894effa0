"""Every staff page and every API operation, tried as every kind of caller, against the policy
table in `authz_matrix.py`.

The endpoints are found, not listed: the staff pages by walking the URL conf (every pattern under
/<language>/staff/), the API operations from the OpenAPI schema. An endpoint missing from the table
fails the test, and so does a table entry that matches no endpoint any more. Each try runs in a
transaction that is rolled back, so every caller meets the same case."""

import copy
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone

from conftest import make_staff, verified_client
from openakimat.accounts.models import RoleGrant, User
from openakimat.accounts.services import role_grant
from openakimat.appeals.services import Author, appeal_route, appeal_submit
from openakimat.appeals.services import Upload as AppealUpload
from openakimat.applications.services import Applicant, Upload, application_register
from openakimat.applications.tests.conftest import IIN, PDF, SYSTEM
from openakimat.budget.models import ProgressReport, Project, ProjectFile
from openakimat.budget.services import LineData, budget_replace, classification_load
from openakimat.budget.tests.budget_cast import CLASSIFICATION
from openakimat.catalogue.formfields import statement_snapshot
from openakimat.catalogue.models import ServiceOffering
from openakimat.catalogue.services import DocumentSpec, life_situation_save, public_service_create
from openakimat.common.roles import DEPARTMENT_ROLES, Role
from openakimat.feedback.models import ReportFile
from openakimat.feedback.services.corruption import report_submit
from openakimat.integrity.models import AuditEntry
from openakimat.meetings.models import AgendaItem, Decision, Document, Meeting, Question
from openakimat.open311.services import api_key_create
from openakimat.problems.models import Category
from openakimat.problems.services import NewReport, report_create
from openakimat.receptions.models import RaisedProblem, Reception

from .authz_matrix import ADMIN, OPERATIONS, PAGES, Rule

STAFF_PREFIX = "staff/"
LOGIN, DENIED, LET_THROUGH = "sign-in asked", "refused", "let through"


class RolledBack(Exception):
    pass


# --- what there is ---------------------------------------------------------------------------------


def staff_pages() -> dict[str, list[str]]:
    """URL name -> the names of its parameters, for every pattern under /<language>/staff/."""
    found: dict[str, list[str]] = {}

    def walk(patterns, route: str, namespace: str, localized: bool) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
                is_locale = isinstance(entry.pattern, LocalePrefixPattern)
                walk(
                    entry.url_patterns,
                    route if is_locale else route + str(entry.pattern),
                    inner or namespace,
                    localized or is_locale,
                )
            elif isinstance(entry, URLPattern):
                full = route + str(entry.pattern)
                if localized and full.startswith(STAFF_PREFIX):
                    assert entry.name, f"the staff page {full} has no URL name: name it and add it to the matrix"
                    name = f"{namespace}:{entry.name}" if namespace else entry.name
                    found[name] = list(entry.pattern.regex.groupindex)

    walk(get_resolver().url_patterns, "", "", False)
    return found


# Unnamed admin patterns: Django's redirect from an object's old address to its change page, and
# the catch-all that answers 404 (or the sign-in) for everything else. Any other unnamed admin
# address is a new view that must be named and put in the matrix.
ADMIN_OBJECT_REDIRECT = "<path:object_id>/"
ADMIN_CATCH_ALL = "(?P<url>.*)$"


def admin_pages() -> dict[str, list[str]]:
    """Admin URL name -> the names of its parameters, for every address of the admin site: the
    site's own views, each registered model's pages and each model admin's extra views. The page
    listing one app's models is one entry per app ("admin:app_list[budget]")."""
    found: dict[str, list[str]] = {}

    def walk(patterns, route: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route + str(entry.pattern))
                continue
            full = route + str(entry.pattern)
            if entry.name is None:
                assert full.endswith(ADMIN_OBJECT_REDIRECT) or full == ADMIN_CATCH_ALL, (
                    f"the admin address {full} has no URL name: name it and add it to the matrix"
                )
            elif entry.name == "app_list":
                for label in sorted({model._meta.app_label for model in admin.site._registry}):
                    found[f"admin:app_list[{label}]"] = []
            else:
                found[f"admin:{entry.name}"] = list(entry.pattern.regex.groupindex)

    walk(admin.site.get_urls(), "")
    return found


def admin_url(name: str, kwargs: dict[str, str]) -> str:
    if name.startswith("admin:app_list["):
        return reverse("admin:app_list", kwargs={"app_label": name[len("admin:app_list[") : -1]})
    return reverse(name, kwargs=kwargs)


def admin_model(name: str) -> str:
    """admin:budget_project_change -> budget_project: the model whose object the page shows."""
    for model in admin.site._registry:
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        if name.startswith(f"admin:{label}_"):
            return label
    return ""


def api_operations(client: Client) -> dict[str, tuple[str, str, dict]]:
    """operationId -> (method, path, operation) from the OpenAPI schema."""
    schema = client.get("/api/v1/openapi.json").json()
    return {
        operation["operationId"]: (method, path, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


# --- who asks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    label: str
    role: str | None = None  # None: anonymous
    home: bool = True  # the role is held in the case's akimat (Akzhar), else in Aiyrtau
    superuser: bool = False


CALLERS = [
    Caller("anonymous"),
    *(Caller(f"{role} of Akzhar", role) for role in Role),
    *(Caller(f"{role} of Aiyrtau", role, home=False) for role in Role),
    Caller("superuser", superuser=True),
]


def expected(rule: Rule, caller: Caller, method: str = "get") -> str:
    if caller.role is None and not caller.superuser:
        return LOGIN
    if caller.superuser:
        writes_refused = method == "post" and not rule.superuser_writes
        return LET_THROUGH if rule.superuser and not writes_refused else DENIED
    allowed = rule.writers if method == "post" and rule.writers is not None else rule.allowed
    if caller.role not in allowed or (rule.scoped and not caller.home):
        return DENIED
    return LET_THROUGH


def _admin_said_missing(response) -> bool:
    """The admin's answer to an object the caller may not see is a redirect to its index with a
    warning that the object does not exist; a redirect there after a change (a grant revoked, when
    there is no list to go back to) carries a success message instead."""
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    return any(message.level == messages.WARNING for message in queued)


def observed(response, *, page: bool) -> str:
    status = response.status_code
    assert status < 500, (status, response.content[:300])
    location = response.get("Location", "")
    if page and status == 302 and ("/staff/login/" in location or location.startswith("/admin/login/")):
        return LOGIN
    if page and status == 302 and location == reverse("admin:index") and _admin_said_missing(response):
        return DENIED
    if not page and status == 401:
        return LOGIN
    if status in (403, 404):
        return DENIED
    return LET_THROUGH


# --- the cast ------------------------------------------------------------------------------------


@pytest.fixture
def cast(akzhar_construction, aiyrtau_construction, superuser):
    """A service rendered in both districts, a case at Akzhar with a document, a signed-in client
    for every caller, and the values of the addresses' parameters."""
    apz = public_service_create(
        actor=SYSTEM,
        code="CONS-01",
        department_kind="construction",
        name_en="Architectural-planning assignment",
        name_ru="АПЗ",
        name_kk="СЖТ",
        term_value=6,
        term_unit="working_days",
        extended_term_value=15,
        extended_term_unit="working_days",
        fee=Decimal(0),
        online=True,
        documents=[DocumentSpec("Application", "Заявление", "Өтініш", True, "pdf")],
    )
    offering = ServiceOffering.objects.create(service=apz, department=akzhar_construction)
    ServiceOffering.objects.create(service=apz, department=aiyrtau_construction)
    clients: dict[str, Client] = {"anonymous": Client(), "superuser": verified_client(superuser)}
    people: dict[str, User] = {}
    for caller in CALLERS:
        if caller.role is None:
            continue
        department = akzhar_construction if caller.home else aiyrtau_construction
        user = make_staff(
            caller.label.replace(" ", "."),
            caller.role,
            department.akimat,
            department if caller.role in DEPARTMENT_ROLES else None,
        )
        people[caller.label] = user
        clients[caller.label] = verified_client(user)
    case = application_register(
        actor=people["operator of Akzhar"],
        offering=offering,
        applicant=Applicant(iin=IIN, name="Айгерім Сәтбаева", phone="+7 701 123 4567"),
        consent=True,
        documents=[Upload(io.BytesIO(PDF), "application.pdf", required=apz.documents.get())],
    )
    # The resident's answers to the generic request, and the statement made of them.
    case.answers = {"request": "An assignment for a house."}
    case.statement = statement_snapshot(apz, case.answers, "kk")
    case.save(update_fields=["answers", "statement"])
    instruction = instruction_for(akzhar_construction)
    appeal = _routed_appeal(people["operator of Akzhar"], akzhar_construction)
    values = {
        **admin_objects(case, offering, people, superuser, akzhar_construction),
        "object:control_instruction": str(instruction.pk),
        "instruction": instruction.number,
        "report_id": str(_problem_report(akzhar_construction).pk),
        "appeal_number": appeal.number,
        "file_id": str(appeal.attachments.get().pk),
        "object:appeals_appeal": str(appeal.pk),
        "number": case.number,
        "kato": case.akimat.territory.kato,
        "document_id": str(case.documents.get().pk),
        "code": "CONS-01",
        "slug": "no-such-project",
        "year": "2026",
        "offering": str(offering.pk),
        **news_objects(department=akzhar_construction, instruction=instruction),
        **queue_objects(akzhar_construction.akimat, offering),
        "comment_id": str(_comment(akzhar_construction.akimat).pk),
    }
    body = {
        "version": case.version,
        "note": "Noted.",
        "basis": "Article 19.",
        "assignee": people["specialist of Akzhar"].username,
        "department": aiyrtau_construction.pk,
        "reason": "The resident asked.",
        # problem triage: what to do, by when, and the report a duplicate repeats
        "title": "Patch the pothole",
        "deadline": (date.today() + timedelta(days=7)).isoformat(),
        "into": int(values["report_id"]),
        "hours_en": "09:00–18:00",
    }
    return {"clients": clients, "values": values, "body": body}


def _comment(akimat):
    """A resident's comment waiting for Akzhar's moderators, on a news item of Akzhar."""
    from openakimat.feedback.models import Comment
    from openakimat.news.models import Item

    item = Item.objects.create(akimat=akimat, title_en="Comments", status="published", published_at=timezone.now())
    return Comment.objects.create(
        target_kind="news.item", target_id=item.pk, akimat=akimat, author_name="A", email="a@example.kz", text="Hi"
    )


def news_objects(department, instruction) -> dict[str, str]:
    """A published news item of Akzhar with a photo and a link to the instruction."""
    from openakimat.news.models import Item, Link, Photo

    item = Item.objects.create(
        akimat=department.akimat, title_en="Road repair", body_en="<p>Started.</p>", status="published",
        published_at=timezone.now(),
    )  # fmt: skip
    photo = Photo.objects.create(item=item, file="news/none.jpg", alt_en="A road")
    link = Link.objects.create(item=item, kind="control.instruction", object_id=instruction.pk)
    return {"item_id": str(item.pk), "photo_id": str(photo.pk), "link_id": str(link.pk)}


def queue_objects(akimat, offering) -> dict[str, str]:
    """Akzhar's queue hall with a category, desk 1 serving it (nobody signed in) and a ticket served
    there today, not yet linked to an application."""
    from openakimat.queueing.models import Category as QueueCategory
    from openakimat.queueing.models import Desk, Hall, PriorityGroup, Ticket

    hall = Hall.objects.create(akimat=akimat)
    category = QueueCategory.objects.create(hall=hall, letter="A", name_en="Construction")
    category.offerings.set([offering])
    desk = Desk.objects.create(hall=hall, number=1)
    desk.categories.set([category])
    group = PriorityGroup.objects.create(hall=hall, code="elderly", name_en="Elderly people")
    now = timezone.now()
    ticket = Ticket.objects.create(
        hall=hall, category=category, day=timezone.localdate(), letter="A", number=1, status="done", issued_at=now,
        order_at=now, desk=desk, finished_at=now, token_hash="0" * 64,
    )  # fmt: skip
    return {
        "hall": str(hall.pk),
        "desk_number": "1",
        "desk": str(desk.pk),
        "category": str(category.pk),
        "group": str(group.pk),
        "ticket": str(ticket.pk),
        # the queue's API names them so
        "hall_id": str(hall.pk),
        "desk_id": str(desk.pk),
        "ticket_id": str(ticket.pk),
    }


def instruction_for(department):
    """An instruction of the department's akimat, written directly: no source app is registered here."""
    from datetime import timedelta

    from django.utils import timezone

    from openakimat.control.models import Instruction

    deadline = timezone.localdate() + timedelta(days=10)
    return Instruction.objects.create(
        number="AKZ-P000001",
        akimat=department.akimat,
        department=department,
        title="Repair the street lights",
        source_type=ContentType.objects.get_for_model(department.akimat.territory),
        source_id=department.akimat.territory_id,
        source_kind="tests.place",
        deadline=deadline,
        original_deadline=deadline,
    )


def _problem_report(department):
    """A problem report at Akzhar in a category routed to its construction department."""
    category = Category.objects.create(
        akimat=department.akimat, code="roads", department=department, name_kk="Жол", name_ru="Дороги", name_en="Roads"
    )
    new = NewReport(
        category=category,
        description="Pothole",
        lat=Decimal("53.6"),
        lon=Decimal("71.9"),
        name="A",
        phone="+77011234567",
    )
    return report_create(new).report


def _routed_appeal(operator: User, department):
    """A written appeal to Akzhar's akim with a file, routed to its construction department."""
    appeal, _code = appeal_submit(
        akimat=department.akimat,
        topic="roads",
        text="The road to the school is broken; please repair it before winter.",
        author=Author(name="Ерлан Жақсыбеков", phone="+7 701 765 4321"),
        consent=True,
        consent_to_publish=True,
        attachments=[AppealUpload(io.BytesIO(PDF), "road.pdf")],
    )
    return appeal_route(actor=operator, appeal=appeal, department=department)


def admin_objects(case, offering, people: dict[str, User], superuser: User, department) -> dict[str, str]:
    """One object of Akzhar (or, for what belongs to no akimat, one object) for every model in the
    admin, by "object:<app>_<model>", and the values of the admin's other parameters."""
    akimat, territory = department.akimat, department.akimat.territory
    attempt_fields = {"user_agent": "test", "ip_address": "203.0.113.9", "username": "someone", "path_info": "/"}
    classification_load(actor=SYSTEM, rows=CLASSIFICATION)
    budget = budget_replace(
        actor=SYSTEM,
        territory=territory,
        year=2026,
        version=0,
        lines=[LineData("07.3.123.008", approved=Decimal(1000), adjusted=Decimal(1000))],
    )
    project = Project.objects.create(
        slug="talshik-lights", territory=territory, name_kk="Жарық", name_ru="Освещение", name_en="Lights"
    )
    newcomer = User.objects.create_user(username="new.operator", password="correct-horse-battery", is_staff=True)
    request = role_grant(actor=people["admin of Akzhar"], user=newcomer, role=Role.OPERATOR, akimat=akimat)
    api_key = api_key_create(actor=superuser, akimat=akimat, name="Talshik city app")
    operator = people["operator of Akzhar"]
    objects = {
        "axes_accessattempt": AccessAttempt.objects.create(**attempt_fields, failures_since_start=1),
        "axes_accesslog": AccessLog.objects.create(**attempt_fields),
        "axes_accessfailurelog": AccessFailureLog.objects.create(**attempt_fields),
        "integrity_auditentry": AuditEntry.objects.filter(akimat=akimat).first(),
        "territory_akimat": akimat,
        "territory_department": department,
        "territory_territory": territory,
        "accounts_user": operator,
        "accounts_rolegrant": RoleGrant.objects.get(user=operator),
        "accounts_grantrequest": request,
        "catalogue_lifesituation": life_situation_save(
            actor=SYSTEM, slug="building", name_kk="Құрылыс", name_ru="Стройка", name_en="Building", service_codes=[]
        ),
        "catalogue_publicservice": case.service,
        "catalogue_serviceoffering": offering,
        "open311_apikey": api_key.key,
        "budget_budget": budget,
        "budget_project": project,
        "budget_progressreport": ProgressReport.objects.create(project=project, on="2026-06-01", progress=10),
        "budget_projectfile": ProjectFile.objects.create(
            project=project, kind=ProjectFile.Kind.choices[0][0], file="projects/2026/photo.jpg", taken_on="2026-06-01"
        ),
        **reception_objects(akimat, department),
        **meeting_objects(akimat),
    }
    values = {f"object:{label}": str(obj.pk) for label, obj in objects.items()}
    values |= {"id": str(operator.pk), "pk": str(request.pk), "reception": values["object:receptions_reception"]}
    values |= {"reception_id": values["object:receptions_reception"]}
    values |= {
        "meeting": values["object:meetings_meeting"],
        "meeting_id": values["object:meetings_meeting"],
        "item": values["object:meetings_agendaitem"],
        "document": values["object:meetings_document"],
        "decision": values["object:meetings_decision"],
        "question": values["object:meetings_question"],
    }
    values |= {"content_type_id": str(ContentType.objects.get_for_model(akimat).pk), "object_id": str(akimat.pk)}
    values |= corruption_objects(akimat)
    return values


def corruption_objects(akimat) -> dict:
    """An anonymous corruption report about Akzhar with a file."""
    report, _code = report_submit(akimat=akimat, text="A bribe was asked for at the land department.")
    stored = ReportFile(report=report, content_type="application/pdf", size=len(PDF))
    stored.file.save("report.pdf", ContentFile(PDF), save=False)
    stored.save()
    return {"report": str(report.pk), "file": str(stored.pk)}


def reception_objects(akimat, department) -> dict:
    """A reception of Akzhar tomorrow, and a problem raised at it."""
    reception = Reception.objects.create(
        akimat=akimat,
        **{f"host_{f}_{lang}": "Akim" for f in ("name", "position") for lang in ("kk", "ru", "en")},
        starts_at=timezone.now() + timedelta(days=1),
        capacity=5,
        place_kk="Talshik",
        place_ru="Talshik",
        place_en="Talshik",
    )
    problem = RaisedProblem.objects.create(reception=reception, text="Water", topic="utilities", department=department)
    return {"receptions_reception": reception, "receptions_raisedproblem": problem}


def meeting_objects(akimat) -> dict:
    """A published public hearing of Akzhar with an agenda item, a document, a decision and a
    resident's question."""
    starts = timezone.now() + timedelta(days=5)
    meeting = Meeting.objects.create(
        akimat=akimat,
        kind="hearing",
        format="hybrid",
        title_ru="Public hearing",
        place_ru="Talshik",
        starts_at=starts,
        questions_open_until=starts - timedelta(days=1),
        published=True,
    )
    document = Document(meeting=meeting, title_ru="Draft", original_name="draft.pdf", content_type="application/pdf")
    document.extension, document.size, document.sha256 = "pdf", len(PDF), "0" * 64
    document.file.save("draft.pdf", ContentFile(PDF), save=False)
    document.save()
    return {
        "meetings_meeting": meeting,
        "meetings_agendaitem": AgendaItem.objects.create(meeting=meeting, order=1, title_ru="Roads"),
        "meetings_document": document,
        "meetings_decision": Decision.objects.create(meeting=meeting, number=1, text_ru="Repair"),
        "meetings_question": Question.objects.create(meeting=meeting, text="When?", author_name="A"),
    }


def attempt(client: Client, method: str, url: str, data: dict | None = None, **extra):
    """The response of the request, with whatever it changed rolled back, the client's cookies
    too (a sign-out or a sign-in must not change who the next try is made as)."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            raise RolledBack(getattr(client, method)(url, data, **extra))
    except RolledBack as done:
        response = done.args[0]
    finally:
        client.cookies = cookies
    if response.streaming:
        # Read to the end: the test client then closes the file without closing the connection.
        b"".join(response.streaming_content)
    return response


def fill(names, rule: Rule, values: dict[str, str], where: str) -> dict[str, str]:
    unknown = [n for n in names if n not in rule.params and n not in values]
    assert not unknown, f"{where}: no value for the parameter(s) {unknown}; add one to the cast of test_authz_matrix"
    return {n: rule.params.get(n, values.get(n, "")) for n in names}


# --- the tests -----------------------------------------------------------------------------------


def test_every_staff_page_and_api_operation_is_in_the_policy_matrix(client, db):
    pages = set(staff_pages())
    operations = set(api_operations(client))
    assert pages, "no staff page found: has the staff site moved from /<language>/staff/?"
    assert not pages - PAGES.keys(), f"new staff page(s) not in the policy matrix: {sorted(pages - PAGES.keys())}"
    assert not operations - OPERATIONS.keys(), (
        f"new API operation(s) not in the policy matrix: {sorted(operations - OPERATIONS.keys())}"
    )
    assert not PAGES.keys() - pages, f"the matrix names pages that no longer exist: {sorted(PAGES.keys() - pages)}"
    assert not OPERATIONS.keys() - operations, (
        f"the matrix names operations that no longer exist: {sorted(OPERATIONS.keys() - operations)}"
    )


def test_every_staff_page_answers_every_caller_as_the_policy_says(cast):
    mismatches = []
    for name, parameters in staff_pages().items():
        rule = PAGES.get(name)
        if rule is None:
            continue  # reported by the test above
        url = reverse(name, kwargs=fill(parameters, rule, cast["values"], name))
        if rule.query:
            url += "?" + urlencode({key: cast["values"][key] for key in rule.query})
        for method in rule.methods:
            for caller in CALLERS:
                data = cast["body"] if method == "post" else None
                response = attempt(cast["clients"][caller.label], method, url, data)
                got = observed(response, page=True)
                ok = response.status_code not in (401, 403) if rule.public else got == expected(rule, caller)
                if not ok:
                    mismatches.append(f"{method.upper()} {url} as {caller.label}: {got} ({response.status_code})")
    assert not mismatches, "pages that do not keep to the policy matrix:\n" + "\n".join(mismatches)


def test_every_api_operation_answers_every_caller_as_the_policy_says(cast, client):
    mismatches = []
    for operation_id, (method, path, operation) in api_operations(client).items():
        rule = OPERATIONS.get(operation_id)
        if rule is None:
            continue  # reported by the first test
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
        url = path.format(**fill(names, rule, cast["values"], operation_id))
        for caller in CALLERS:
            if "requestBody" in operation:
                response = attempt(
                    cast["clients"][caller.label], method, url, cast["body"], content_type="application/json"
                )
            else:
                response = attempt(cast["clients"][caller.label], method, url)
            got = observed(response, page=False)
            ok = response.status_code not in (401, 403) if rule.public else got == expected(rule, caller)
            if not ok:
                mismatches.append(
                    f"{method.upper()} {url} ({operation_id}) as {caller.label}: {got} ({response.status_code})"
                )
            if got == LOGIN:
                assert response["Content-Type"].startswith("application/json")
    assert not mismatches, "operations that do not keep to the policy matrix:\n" + "\n".join(mismatches)


def test_every_admin_page_is_in_the_policy_matrix(db):
    pages = set(admin_pages())
    assert "admin:index" in pages and any(name.endswith("_changelist") for name in pages)
    assert not pages - ADMIN.keys(), f"new admin page(s) not in the policy matrix: {sorted(pages - ADMIN.keys())}"
    assert not ADMIN.keys() - pages, (
        f"the matrix names admin pages that no longer exist: {sorted(ADMIN.keys() - pages)}"
    )


def test_every_admin_page_answers_every_caller_as_the_policy_says(cast):
    """Every admin address as every caller; the callers of Aiyrtau only where the page acts on an
    object of Akzhar (elsewhere they would only repeat the answers of Akzhar's)."""
    mismatches = []
    for name, parameters in admin_pages().items():
        rule = ADMIN.get(name)
        if rule is None:
            continue  # reported by the test above
        label = admin_model(name)
        values = dict(cast["values"])
        if label and "object_id" in parameters:
            assert f"object:{label}" in values, f"{name}: no object of {label} in the cast of test_authz_matrix"
            values["object_id"] = values[f"object:{label}"]
        url = admin_url(name, fill(parameters, rule, values, name))
        for method in rule.methods:
            for caller in CALLERS:
                if not caller.home and not rule.scoped:
                    continue
                # What the admin's own forms send on a delete confirmation; any other form is
                # incomplete, which is enough to tell "let through" (the form again) from refused.
                data = {"post": "yes"} if method == "post" else None
                response = attempt(cast["clients"][caller.label], method, url, data)
                got = observed(response, page=True)
                if not (
                    response.status_code not in (401, 403) if rule.public else got == expected(rule, caller, method)
                ):
                    mismatches.append(
                        f"{method.upper()} {url} ({name}) as {caller.label}: {got} ({response.status_code})"
                    )
    assert not mismatches, "admin pages that do not keep to the policy matrix:\n" + "\n".join(mismatches)
