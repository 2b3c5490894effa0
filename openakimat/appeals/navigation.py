"""Appeals' entry in the staff menu (see `accounts.staffnav`)."""

from django.utils.translation import gettext_lazy as _

from openakimat.accounts.staffnav import StaffNavItem, register

from . import permissions


def register_staff_nav() -> None:
    register(
        StaffNavItem(
            key="appeals.inbox",
            label=_("Appeals"),
            url_name="appeals-staff:inbox",
            allowed=permissions.can_open_appeals,
            order=50,
            current=("appeals-staff:detail",),
        )
    )
