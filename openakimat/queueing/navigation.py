"""The queue's entry in the staff menu (see `accounts.staffnav`)."""

from django.utils.translation import gettext_lazy as _

from openakimat.accounts.staffnav import StaffNavItem, register

from . import permissions


def register_staff_nav() -> None:
    register(
        StaffNavItem(
            key="queue.halls",
            label=_("Queue"),
            url_name="queue_staff:halls",
            allowed=permissions.can_open_queue,
            order=45,
            current=(
                "queue_staff:hall",
                "queue_staff:configure",
                "queue_staff:desk",
                "queue_staff:register",
                "queue_staff:hours",
            ),
        )
    )
