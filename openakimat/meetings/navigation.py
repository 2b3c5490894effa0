"""The meetings' entry in the staff menu (see `accounts.staffnav`)."""

from django.utils.translation import gettext_lazy as _

from openakimat.accounts.staffnav import StaffNavItem, register

from . import permissions


def register_staff_nav() -> None:
    register(
        StaffNavItem(
            key="meetings.list",
            label=_("Meetings"),
            url_name="meetings-staff:list",
            allowed=permissions.can_open_meetings,
            order=65,
            current=("meetings-staff:detail", "meetings-staff:new"),
        )
    )
