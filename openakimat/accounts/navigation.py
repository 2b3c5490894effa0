"""The accounts app's own entries in the staff menu (see `staffnav`): the overview and the
administration."""

from django.utils.translation import gettext_lazy as _

from .permissions import is_staff
from .staffnav import StaffNavItem, register


def register_staff_nav() -> None:
    register(
        StaffNavItem(
            key="accounts.home",
            label=_("Overview"),
            url_name="staff-home",
            allowed=is_staff,
            order=10,
            current=("staff-akimat",),
        )
    )
    register(
        StaffNavItem(
            key="accounts.admin",
            label=_("Administration"),
            url_name="admin:index",
            allowed=is_staff,
            order=900,
        )
    )
