"""The feedback app's entries in the staff menu (see `accounts.staffnav`)."""

from django.utils.translation import gettext_lazy as _

from openakimat.accounts.staffnav import StaffNavItem, register

from . import permissions


def register_staff_nav() -> None:
    register(
        StaffNavItem(
            key="corruption.list",
            label=_("Corruption reports"),
            url_name="corruption-staff:list",
            allowed=permissions.can_open_corruption_reports,
            order=90,
            current=("corruption-staff:detail",),
        )
    )
