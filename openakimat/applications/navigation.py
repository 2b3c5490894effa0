"""The front office's entries in the staff menu (see `accounts.staffnav`)."""

from django.utils.translation import gettext_lazy as _

from openakimat.accounts.staffnav import StaffNavItem, register

from . import permissions


def register_staff_nav() -> None:
    register(
        StaffNavItem(
            key="cases.inbox",
            label=_("Cases"),
            url_name="cases:inbox",
            allowed=permissions.can_open_inbox,
            order=20,
            current=("cases:detail",),
        )
    )
    register(
        StaffNavItem(
            key="cases.intake",
            label=_("Register an application"),
            url_name="cases:new",
            allowed=permissions.can_take_applications,
            order=30,
            current=("cases:receipt",),
        )
    )
    register(
        StaffNavItem(
            key="cases.consultations",
            label=_("Consultations"),
            url_name="cases:consultations",
            allowed=permissions.can_log_consultations,
            order=40,
        )
    )
