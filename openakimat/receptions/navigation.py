"""The receptions' entry in the staff menu (see `accounts.staffnav`)."""

from django.utils.translation import gettext_lazy as _

from openakimat.accounts.staffnav import StaffNavItem, register

from . import permissions


def register_staff_nav() -> None:
    register(
        StaffNavItem(
            key="receptions.list",
            label=_("Receptions"),
            url_name="receptions-staff:list",
            allowed=permissions.can_open_receptions,
            order=60,
            current=("receptions-staff:detail", "receptions-staff:new"),
        )
    )
