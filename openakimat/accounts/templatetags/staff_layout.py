"""What the staff layout's header needs: the menu entries the signed-in person may use, and the
roles they hold (with their akimats)."""

from typing import Any

from django import template

from openakimat.accounts import selectors, staffnav

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_nav_links(context: dict[str, Any]) -> list[staffnav.NavLink]:
    request = context.get("request")
    if request is None:
        return []
    match = getattr(request, "resolver_match", None)
    return staffnav.links_for(request.user, match.view_name if match else "")


@register.simple_tag(takes_context=True)
def staff_roles(context: dict[str, Any]) -> list[Any]:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return selectors.staff_roles(user=request.user)
