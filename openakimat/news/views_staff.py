"""The back office's pages: the items in one's scope, writing and changing one (a section per
language, working without script), its page with the photos, the links and the buttons to publish,
pin and unpublish, and a preview in each language. Every write goes through a service, which checks
the policy again; a refusal comes back on the form with a 400, nothing saved."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openakimat.accounts.views import staff_required
from openakimat.common.errors import ConflictError
from openakimat.common.forms import add_service_errors
from openakimat.territory.models import Akimat, heavy_fields

from . import permissions, selectors, services
from .forms import LANGUAGE_NAMES, ItemForm, LinkForm, PhotoForm
from .models import LANGUAGES, Item, Status


@require_GET
@never_cache
@staff_required
def item_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_open_news(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    context = {
        "items": list(selectors.staff_items(request.user, status)[:200]),
        "status": status if status in Status.values else "",
        "statuses": Status.choices,
        "can_write": permissions.can_write_any(request.user),
    }
    return render(request, "news/staff/list.html", context)


def _draft(form: ItemForm) -> services.ItemDraft:
    return services.ItemDraft(**form.draft_values())


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_write_any(request.user):
        raise PermissionDenied
    akimats = (
        Akimat.objects.filter(permissions.writable_akimats_q(request.user))
        .select_related("territory")
        .defer(*heavy_fields("territory"))
    )
    form = ItemForm(request.POST or None, akimats=akimats)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.item_create(actor=request.user, akimat=form.cleaned_data["akimat"], draft=_draft(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("news-staff:item", item_id=item.pk)
        status = 400
    return render(request, "news/staff/edit.html", {"form": form, "item": None}, status=status)


def _found(request: HttpRequest, item_id: int, write: bool) -> Item:
    item = selectors.staff_item(request.user, item_id)
    if write and not permissions.can_edit(request.user, item):
        raise PermissionDenied
    return item


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _found(request, item_id, write=True)
    initial = {
        name: getattr(item, name) for code in LANGUAGES for name in (f"title_{code}", f"lead_{code}", f"body_{code}")
    }
    initial |= {"kind": item.kind, "category": item.category_id, "version": item.version}
    form = ItemForm(request.POST or None, initial=initial, editing=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.item_update(
                    actor=request.user, item=item, draft=_draft(form), version=form.cleaned_data.get("version")
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except ConflictError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                return redirect("news-staff:item", item_id=item.pk)
        status = status if status != 200 else 400
    return render(request, "news/staff/edit.html", {"form": form, "item": item}, status=status)


def _item_page(request: HttpRequest, item: Item, status: int = 200, **extra: Any) -> HttpResponse:
    can_edit = permissions.can_edit(request.user, item)
    names = dict(settings.LANGUAGES)
    context = {
        "item": item,
        "can_edit": can_edit,
        "languages": [(code, LANGUAGE_NAMES[code], item.has_language(code)) for code in LANGUAGES],
        "previews": [(code, names[code]) for code in item.languages],
        "photos": list(item.photos.all()),
        "links": selectors.item_links(item),
        "photo_form": extra.get("photo_form") or PhotoForm(),
        "link_form": extra.get("link_form") or LinkForm(),
        "problem": extra.get("problem", ""),
    }
    return render(request, "news/staff/item.html", context, status=status)


@require_GET
@never_cache
@staff_required
def item_page(request: HttpRequest, item_id: int) -> HttpResponse:
    return _item_page(request, _found(request, item_id, write=False))


@require_GET
@never_cache
@staff_required
def item_preview(request: HttpRequest, item_id: int) -> HttpResponse:
    """The item as residents will read it in one of its languages, drafts included."""
    item = _found(request, item_id, write=False)
    lang = request.GET.get("lang", "")
    if not item.has_language(lang):
        lang = item.languages[0] if item.languages else "kk"
    context = {
        "item": item,
        "lang": lang,
        "title": item.text("title", lang),
        "lead": item.text("lead", lang),
        "body": item.text("body", lang),
        "photos": [(photo, photo.alt(lang)) for photo in item.photos.all()],
        "links": selectors.item_links(item),
    }
    return render(request, "news/staff/preview.html", context)


ACTIONS = {
    "publish": lambda actor, item: services.item_publish(actor=actor, item=item),
    "unpublish": lambda actor, item: services.item_unpublish(actor=actor, item=item),
    "pin": lambda actor, item: services.item_pin(actor=actor, item=item, pinned=True),
    "unpin": lambda actor, item: services.item_pin(actor=actor, item=item, pinned=False),
}


@require_POST
@staff_required
def item_state(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _found(request, item_id, write=True)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        return _item_page(request, item, status=400, problem=_("Choose publish, unpublish, pin or unpin."))
    try:
        action(request.user, item)
    except ValidationError as exc:
        return _item_page(request, item, status=400, problem=" ".join(exc.messages))
    except ConflictError as exc:
        return _item_page(request, item, status=409, problem=str(exc))
    return redirect("news-staff:item", item_id=item.pk)


@require_POST
@staff_required
def photo_add(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _found(request, item_id, write=True)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        alts = {code: form.cleaned_data[f"alt_{code}"] for code in LANGUAGES}
        try:
            services.photo_add(actor=request.user, item=item, file=upload, name=upload.name or "photo", alts=alts)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("news-staff:item", item_id=item.pk)
    return _item_page(request, item, status=400, photo_form=form)


@require_POST
@staff_required
def photo_remove(request: HttpRequest, item_id: int, photo_id: int) -> HttpResponse:
    item = _found(request, item_id, write=True)
    services.photo_remove(actor=request.user, photo=selectors.staff_photo(item, photo_id))
    return redirect("news-staff:item", item_id=item.pk)


@require_POST
@staff_required
def link_add(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _found(request, item_id, write=True)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.link_add(
                actor=request.user, item=item, kind=form.cleaned_data["kind"], reference=form.cleaned_data["reference"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("news-staff:item", item_id=item.pk)
    return _item_page(request, item, status=400, link_form=form)


@require_POST
@staff_required
def link_remove(request: HttpRequest, item_id: int, link_id: int) -> HttpResponse:
    item = _found(request, item_id, write=True)
    services.link_remove(actor=request.user, link=selectors.staff_link(item, link_id))
    return redirect("news-staff:item", item_id=item.pk)
