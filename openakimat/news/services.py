"""News' writes: write an item, change it, publish, unpublish and pin it, add its photos and the
links to what it concerns. Each checks the policy first, refuses bad input with a translated
message before anything is written, is audited, and makes the public pages stale after the commit.
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import policy, richtext
from openakimat.common.actor import Actor
from openakimat.common.datageneration import bump_generation
from openakimat.common.errors import ConflictError, too_long
from openakimat.common.photos import clean_photo
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat

from . import links, permissions
from .models import LANGUAGES, Category, Item, Kind, Link, Photo, Status

TITLE_MAX = 200
LEAD_MAX = 500
BODY_MAX = 50_000
ALT_MAX = 300
MAX_PHOTOS = 12


@dataclass
class ItemDraft:
    kind: str = Kind.NEWS
    category: Category | None = None
    title_kk: str = ""
    title_ru: str = ""
    title_en: str = ""
    lead_kk: str = ""
    lead_ru: str = ""
    lead_en: str = ""
    body_kk: str = ""
    body_ru: str = ""
    body_en: str = ""


def _line(value: str) -> str:
    return " ".join((value or "").replace("\x00", "").split())


def _checked(draft: ItemDraft) -> dict[str, object]:
    """The draft's fields, cleaned; ValidationError (by field) for anything wrong."""
    errors: dict[str, list[str]] = {}
    values: dict[str, object] = {}
    if draft.kind not in Kind.values:
        errors["kind"] = [_("Choose news or announcement.")]
    if draft.category is not None and not isinstance(draft.category, Category):
        errors["category"] = [_("Choose a category from the list.")]
    written = []
    for code in LANGUAGES:
        title = _line(getattr(draft, f"title_{code}"))
        lead = _line(getattr(draft, f"lead_{code}"))
        body = richtext.clean(str(getattr(draft, f"body_{code}") or "").replace("\x00", ""))
        if len(title) > TITLE_MAX:
            errors[f"title_{code}"] = [too_long(TITLE_MAX, len(title))]
        if len(lead) > LEAD_MAX:
            errors[f"lead_{code}"] = [too_long(LEAD_MAX, len(lead))]
        if len(body) > BODY_MAX:
            errors[f"body_{code}"] = [too_long(BODY_MAX, len(body))]
        has_text = bool(richtext.plain(body))
        if (lead or has_text) and not title:
            errors.setdefault(f"title_{code}", []).append(
                _("Give the title in this language, or leave its lead and text empty.")
            )
        if title and not has_text:
            errors.setdefault(f"body_{code}", []).append(_("Write the text in this language."))
        if title:
            written.append(code)
        values |= {f"title_{code}": title, f"lead_{code}": lead, f"body_{code}": body if has_text else ""}
    if not written and not errors:
        errors["title_kk"] = [_("Write the item in at least one language.")]
    if errors:
        raise ValidationError(errors)
    values |= {"kind": draft.kind, "category": draft.category}
    return values


def _missing_alts(item: Item) -> list[str]:
    """The fields of photo descriptions missing for a language the item is written in."""
    langs = item.languages
    return [f"alt_{code}" for photo in item.photos.all() for code in langs if not photo.alt(code)]


def _refuse_missing_alts(item: Item) -> None:
    if _missing_alts(item):
        raise ValidationError(
            {"photos": _("Describe every photo in each language the item is written in before it is published.")}
        )


def _after_commit() -> None:
    # The news realm (the news pages and the home pages with the pinned block); the page cache's
    # watch of the SQL does it too, this says so where the change is made.
    transaction.on_commit(lambda: bump_generation("news"))


def _locked(item: Item) -> Item:
    return Item.objects.select_for_update().select_related("akimat__territory").get(pk=item.pk)


@transaction.atomic
def item_create(*, actor: Actor | None, akimat: Akimat, draft: ItemDraft) -> Item:
    """A new draft of `akimat`."""
    policy.require(permissions.can_write(actor, akimat))
    values = _checked(draft)
    item = Item.objects.create(akimat=akimat, **values)
    audit_record(actor=actor, action="news.create", obj=item, akimat=akimat, data={"languages": item.languages})
    _after_commit()
    return item


@transaction.atomic
def item_update(*, actor: Actor | None, item: Item, draft: ItemDraft, version: int | None = None) -> Item:
    """Change the texts, kind and category; a published item stays published, so its photos must
    still be described in every language it is now written in."""
    item = _locked(item)
    policy.require(permissions.can_edit(actor, item))
    if version is not None and version != item.version:
        raise ConflictError(_("Someone changed this item since you opened it. Open it again and repeat the change."))
    values = _checked(draft)
    changed = sorted(k for k, v in values.items() if getattr(item, k) != v)
    for name, value in values.items():
        setattr(item, name, value)
    if item.is_published:
        _refuse_missing_alts(item)
    item.version += 1
    item.save()
    audit_record(actor=actor, action="news.update", obj=item, akimat=item.akimat, data={"fields": changed})
    _after_commit()
    return item


@transaction.atomic
def item_publish(*, actor: Actor | None, item: Item, now: datetime | None = None) -> Item:
    item = _locked(item)
    policy.require(permissions.can_edit(actor, item))
    if item.is_published:
        raise ConflictError(_("This item is already published."))
    if not item.languages:
        raise ValidationError({"title_kk": _("Write the item in at least one language.")})
    _refuse_missing_alts(item)
    item.status = Status.PUBLISHED
    item.published_at = item.published_at or now or timezone.now()
    item.version += 1
    item.save(update_fields=["status", "published_at", "version", "updated_at"])
    audit_record(actor=actor, action="news.publish", obj=item, akimat=item.akimat, data={"languages": item.languages})
    _after_commit()
    return item


@transaction.atomic
def item_unpublish(*, actor: Actor | None, item: Item) -> Item:
    """Take the item off the public pages (it becomes a draft again)."""
    item = _locked(item)
    policy.require(permissions.can_edit(actor, item))
    if not item.is_published:
        raise ConflictError(_("This item is not published."))
    item.status = Status.DRAFT
    item.version += 1
    item.save(update_fields=["status", "version", "updated_at"])
    audit_record(actor=actor, action="news.unpublish", obj=item, akimat=item.akimat)
    _after_commit()
    return item


@transaction.atomic
def item_pin(*, actor: Actor | None, item: Item, pinned: bool = True) -> Item:
    """Pin the item (shown first, and on the home pages, while it is published) or unpin it."""
    item = _locked(item)
    policy.require(permissions.can_edit(actor, item))
    if item.pinned == pinned:
        raise ConflictError(_("This item is already pinned.") if pinned else _("This item is not pinned."))
    item.pinned = pinned
    item.version += 1
    item.save(update_fields=["pinned", "version", "updated_at"])
    audit_record(actor=actor, action="news.pin" if pinned else "news.unpin", obj=item, akimat=item.akimat)
    _after_commit()
    return item


@transaction.atomic
def photo_add(*, actor: Actor | None, item: Item, file: IO[bytes], name: str, alts: Mapping[str, str]) -> Photo:
    """Add a photo, described in each language the item is written in; checked by its content and
    re-encoded without its metadata (`common.photos`)."""
    item = _locked(item)
    policy.require(permissions.can_edit(actor, item))
    errors: dict[str, list[str]] = {}
    clean_alts = {}
    for code in LANGUAGES:
        alt = _line(alts.get(code, ""))
        if len(alt) > ALT_MAX:
            errors[f"alt_{code}"] = [too_long(ALT_MAX, len(alt))]
        elif not alt and item.has_language(code):
            errors[f"alt_{code}"] = [_("Describe the photo in this language for those who can't see it.")]
        clean_alts[f"alt_{code}"] = alt
    if item.photos.count() >= MAX_PHOTOS:
        errors["photo"] = [_("An item has at most %(limit)d photos.") % {"limit": MAX_PHOTOS}]
    if errors:
        raise ValidationError(errors)
    try:
        clean = clean_photo(file, name or "photo")
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from None
    photo = Photo(item=item, width=clean.width, height=clean.height, **clean_alts)
    photo.file.save(f"{secrets.token_hex(16)}.jpg", ContentFile(clean.data), save=False)
    photo.save()
    audit_record(actor=actor, action="news.photo_add", obj=item, akimat=item.akimat, data={"photo": photo.pk})
    _after_commit()
    return photo


@transaction.atomic
def photo_remove(*, actor: Actor | None, photo: Photo) -> None:
    item = _locked(photo.item)
    policy.require(permissions.can_edit(actor, item))
    pk = photo.pk
    photo.file.delete(save=False)
    photo.delete()
    audit_record(actor=actor, action="news.photo_remove", obj=item, akimat=item.akimat, data={"photo": pk})
    _after_commit()


@transaction.atomic
def link_add(*, actor: Actor | None, item: Item, kind: str, reference: str) -> Link:
    """Link the item to what it concerns: a record of a registered kind, named as staff know it
    (an instruction's number, a project's identifier)."""
    item = _locked(item)
    policy.require(permissions.can_edit(actor, item))
    link_kind = links.get(kind)
    if link_kind is None:
        raise ValidationError({"kind": _("Choose what the item concerns from the list.")})
    reference = _line(reference)[:100]
    target = link_kind.find(reference) if reference else None
    if target is None:
        raise ValidationError({"reference": _("Nothing of this kind has that number or identifier.")})
    if Link.objects.filter(item=item, kind=kind, object_id=target.pk).exists():
        raise ValidationError({"reference": _("The item is already linked to it.")})
    link = Link.objects.create(item=item, kind=kind, object_id=target.pk)
    audit_record(
        actor=actor, action="news.link_add", obj=item, akimat=item.akimat, data={"kind": kind, "object": target.pk}
    )
    _after_commit()
    return link


@transaction.atomic
def link_remove(*, actor: Actor | None, link: Link) -> None:
    item = _locked(link.item)
    policy.require(permissions.can_edit(actor, item))
    data = {"kind": link.kind, "object": link.object_id}
    link.delete()
    audit_record(actor=actor, action="news.link_remove", obj=item, akimat=item.akimat, data=data)
    _after_commit()
