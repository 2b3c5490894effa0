"""Opening the queue of a service akimat: its hall, categories derived from the catalogue and the
usual priority groups."""

import string

from django.db import transaction
from django.utils.translation import gettext as _

from openakimat.catalogue.models import ServiceOffering
from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat

from .. import permissions
from ..models import Category, Hall, PriorityGroup

# Head starts in minutes (configurable per hall afterwards): a booked visitor who checks in on time
# is called about when they booked; the groups the law protects come before the walk-ins of the
# last half hour or more.
DEFAULT_PRIORITIES = (
    (
        PriorityGroup.Code.DISABILITY,
        45,
        True,
        "Мүмкіндігі шектеулі адамдар",
        "Люди с инвалидностью",
        "People with disabilities",
    ),
    (PriorityGroup.Code.ELDERLY, 30, True, "Егде жастағы адамдар", "Пожилые люди", "Elderly people"),
    (PriorityGroup.Code.PREGNANT, 45, True, "Жүкті әйелдер", "Беременные женщины", "Pregnant women"),
    (PriorityGroup.Code.BOOKED, 60, False, "Алдын ала жазылғандар", "Записавшиеся заранее", "Booked visitors"),
)


def hall_setup(*, actor: Actor, akimat: Akimat) -> Hall:
    """The akimat's hall, made on first call: one category per department that offers services
    here (letters A, B, C… in the catalogue's order of departments), each serving that department's
    services, and the usual priority groups. Calling it again changes nothing."""
    policy.require(
        policy.reaches_path(actor, permissions.CONFIGURE, akimat.territory.path),
        _("Only an administrator of the akimat sets up its queue."),
    )
    with transaction.atomic():
        hall, created = Hall.objects.get_or_create(akimat=akimat)
        if not created:
            return hall
        offerings = (
            ServiceOffering.objects.filter(
                department__akimat=akimat, department__is_active=True, service__is_active=True
            )
            .select_related("department")
            .order_by("department__kind", "department__name_en", "service__code")
        )
        by_department: dict[int, list[ServiceOffering]] = {}
        departments = {}
        for offering in offerings:
            by_department.setdefault(offering.department_id, []).append(offering)
            departments[offering.department_id] = offering.department
        for index, (department_id, items) in enumerate(by_department.items()):
            if index >= len(string.ascii_uppercase):
                break
            department = departments[department_id]
            category = Category.objects.create(
                hall=hall,
                letter=string.ascii_uppercase[index],
                department=department,
                name_kk=department.name_kk,
                name_ru=department.name_ru,
                name_en=department.name_en,
                order=index,
            )
            category.offerings.set(items)
        for order, (code, weight, at_kiosk, kk, ru, en) in enumerate(DEFAULT_PRIORITIES):
            PriorityGroup.objects.create(
                hall=hall,
                code=code,
                weight_minutes=weight,
                at_kiosk=at_kiosk,
                order=order,
                name_kk=kk,
                name_ru=ru,
                name_en=en,
            )
        audit_record(
            actor=actor, action="queueing.hall_setup", obj=hall, akimat=akimat, data={"categories": len(by_department)}
        )
    return hall
