"""News' entry in the staff menu (see `accounts.staffnav`)."""

from django.utils.translation import gettext_lazy as _

from openakimat.accounts.staffnav import StaffNavItem, register

from . import permissions


def register_staff_nav() -> None:
    register(
        StaffNavItem(
            key="news.list",
            label=_("News"),
            url_name="news-staff:list",
            allowed=permissions.can_open_news,
            order=75,
            current=("news-staff:new", "news-staff:edit", "news-staff:preview"),
        )
    )
