"""The comments' entry in the staff menu (see `accounts.staffnav`)."""

from django.utils.translation import gettext_lazy as _

from openakimat.accounts.staffnav import StaffNavItem, register

from . import permissions_comments as permissions


def register_comments_nav() -> None:
    register(
        StaffNavItem(
            key="comments.queue",
            label=_("Comments"),
            url_name="comments-staff:queue",
            allowed=permissions.can_open_moderation,
            order=92,
        )
    )
