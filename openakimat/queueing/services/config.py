"""The hall's configuration by its administrators: the rules, the categories, the desks and their
hours, the priority groups. Each change asks the policy, is validated by the model (its fields and
constraints: a ValidationError keyed by field, nothing written) and audited, in one transaction."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from openakimat.catalogue.models import ServiceOffering
from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.errors import ConflictError
from openakimat.integrity.services import audit_record

from .. import permissions
from ..models import OPEN_STATUSES, Category, Desk, DeskHours, Hall, PriorityGroup

HALL_FIELDS = (
    "is_open",
    "recalls_before_no_show",
    "bookings_per_ten_days",
    "booking_days_ahead",
    "checkin_early_minutes",
    "checkin_late_minutes",
    "notify_position",
)
CATEGORY_FIELDS = ("name_kk", "name_ru", "name_en", "letter", "average_minutes", "bookable", "is_active", "order")
PRIORITY_FIELDS = ("weight_minutes", "at_kiosk", "is_active")


def _require(actor: Actor, hall: Hall) -> None:
    policy.require(
        permissions.can_configure(actor, hall), _("Only an administrator of the akimat configures its queue.")
    )


def _set(instance: Model, values: Mapping[str, Any], fields: Iterable[str]) -> list[str]:
    changed = []
    for name in fields:
        if name in values and getattr(instance, name) != values[name]:
            setattr(instance, name, values[name])
            changed.append(name)
    return changed


def _audit(actor: Actor, action: str, obj: Model, hall: Hall, **data: Any) -> None:
    audit_record(actor=actor, action=f"queueing.{action}", obj=obj, akimat=hall.akimat, data=data)


def hall_configure(*, actor: Actor, hall: Hall, values: Mapping[str, Any]) -> Hall:
    """The hall's rules (HALL_FIELDS)."""
    _require(actor, hall)
    with transaction.atomic():
        hall = Hall.objects.select_for_update().select_related("akimat__territory").get(pk=hall.pk)
        changed = _set(hall, values, HALL_FIELDS)
        hall.full_clean()
        hall.save()
        _audit(actor, "hall_configure", hall, hall, changed=changed)
    return hall


def _offerings(hall: Hall, offerings: Iterable[ServiceOffering]) -> list[ServiceOffering]:
    chosen = list(offerings)
    ids = {o.pk for o in chosen}
    if ids and ServiceOffering.objects.filter(pk__in=ids, department__akimat_id=hall.akimat_id).count() != len(ids):
        raise ValidationError({"offerings": _("Choose services of this akimat.")}, code="invalid")
    return chosen


def category_save(
    *,
    actor: Actor,
    hall: Hall,
    values: Mapping[str, Any],
    offerings: Iterable[ServiceOffering],
    category: Category | None = None,
) -> Category:
    """Add a category to the hall (`category` None) or change one (CATEGORY_FIELDS, its services)."""
    _require(actor, hall)
    if category is not None and category.hall_id != hall.pk:
        raise policy.deny()
    chosen = _offerings(hall, offerings)
    with transaction.atomic():
        target = category or Category(hall=hall)
        changed = _set(target, values, CATEGORY_FIELDS)
        if isinstance(target.letter, str):
            target.letter = target.letter.strip().upper()
        target.full_clean()
        target.save()
        target.offerings.set(chosen)
        action = "category_change" if category is not None else "category_add"
        _audit(actor, action, target, hall, letter=target.letter, changed=changed, offerings=len(chosen))
    return target


def _categories(hall: Hall, categories: Iterable[Category]) -> list[Category]:
    chosen = list(categories)
    if any(c.hall_id != hall.pk for c in chosen):
        raise ValidationError({"categories": _("Choose categories of this hall.")}, code="invalid")
    return chosen


def desk_save(
    *,
    actor: Actor,
    hall: Hall,
    number: int,
    categories: Iterable[Category],
    is_active: bool = True,
    desk: Desk | None = None,
) -> Desk:
    """Add a desk (`desk` None) or change its number, the categories it serves, whether it is open."""
    _require(actor, hall)
    if desk is not None and desk.hall_id != hall.pk:
        raise policy.deny()
    chosen = _categories(hall, categories)
    with transaction.atomic():
        target = desk or Desk(hall=hall)
        target.number = number
        if desk is not None and not is_active and desk.tickets.filter(status__in=OPEN_STATUSES).exists():
            raise ConflictError(_("Finish, redirect or close the ticket at this desk first."))
        target.is_active = is_active
        target.full_clean()
        target.save()
        target.categories.set(chosen)
        action = "desk_change" if desk is not None else "desk_add"
        _audit(actor, action, target, hall, desk=target.number, active=is_active, categories=len(chosen))
    return target


def desk_remove(*, actor: Actor, desk: Desk) -> None:
    """Remove a desk that never served: one that did stays, made inactive, for the figures."""
    hall = desk.hall
    _require(actor, hall)
    with transaction.atomic():
        desk = Desk.objects.select_for_update().get(pk=desk.pk)
        if desk.operator_id is not None:
            raise ConflictError(_("Someone is signed in at this desk."))
        if desk.tickets.exists():
            raise ConflictError(_("This desk has served tickets: make it inactive instead."))
        _audit(actor, "desk_remove", desk, hall, desk=desk.number)
        desk.delete()


@dataclass(frozen=True)
class DayHours:
    weekday: int
    opens: time
    closes: time
    break_starts: time | None = None
    break_ends: time | None = None


def desk_hours_set(*, actor: Actor, desk: Desk, days: Iterable[DayHours]) -> list[DeskHours]:
    """The desk's week: one row per day it serves (a day left out is closed)."""
    hall = desk.hall
    _require(actor, hall)
    rows = [
        DeskHours(
            desk=desk,
            weekday=day.weekday,
            opens=day.opens,
            closes=day.closes,
            break_starts=day.break_starts,
            break_ends=day.break_ends,
        )
        for day in days
    ]
    errors: dict[str, list[str]] = {}
    for row in rows:
        try:
            row.full_clean(exclude=["desk"], validate_unique=False)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(f"{row.weekday}:{key}", []).extend(messages)
    if len({row.weekday for row in rows}) != len(rows):
        errors.setdefault("__all__", []).append(_("Give each day of the week once."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Desk.objects.select_for_update().filter(pk=desk.pk).first()
        DeskHours.objects.filter(desk=desk).delete()
        DeskHours.objects.bulk_create(rows)
        _audit(actor, "desk_hours", desk, hall, desk=desk.number, days=sorted(r.weekday for r in rows))
    return rows


def priority_group_update(*, actor: Actor, group: PriorityGroup, values: Mapping[str, Any]) -> PriorityGroup:
    """A priority group's head start, whether the kiosk offers it, whether it is in use."""
    hall = group.hall
    _require(actor, hall)
    with transaction.atomic():
        group = PriorityGroup.objects.select_for_update().get(pk=group.pk)
        changed = _set(group, values, PRIORITY_FIELDS)
        group.full_clean()
        group.save()
        _audit(actor, "priority_change", group, hall, group=group.code, changed=changed)
    return group
