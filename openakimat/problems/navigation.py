"""The problem register's entry in the staff menu (see `accounts.staffnav`)."""

from django.utils.translation import gettext_lazy as _

from openakimat.accounts.staffnav import StaffNavItem, register

from . import permissions


def register_staff_nav() -> None:
    register(
        StaffNavItem(
            key="problems.inbox",
            label=_("Problem reports"),
            url_name="problems_staff:inbox",
            allowed=permissions.can_open_triage,
            order=55,
            current=("problems_staff:report",),
        )
    )
