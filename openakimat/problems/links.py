"""Where a report's public page is. The page of one report (`problems:report`) belongs to the
resident side of the app; until it is installed, a link leads to the public list.

Lists build hundreds of links: `report_links()` reverses the address once and fills in each
number, instead of resolving (or failing to resolve) it per report."""

from collections.abc import Callable

from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.translation import get_language

from .models import Report

_PLACEHOLDER = 987654321


_made: dict[tuple[str, str], Callable[[int], str]] = {}


def report_links() -> Callable[[int], str]:
    """A function from a report's number to its public page's address, in the active language."""
    key = (get_language() or "", str(get_urlconf() or ""))
    if key not in _made:
        _made[key] = _make()
    return _made[key]


def _make() -> Callable[[int], str]:
    try:
        sample = reverse("problems:report", args=[_PLACEHOLDER])
    except NoReverseMatch:
        base = reverse("problem_map:list")
        return lambda pk: f"{base}#report-{pk}"
    prefix, _sep, suffix = sample.partition(str(_PLACEHOLDER))
    return lambda pk: f"{prefix}{pk}{suffix}"


def report_url(report: Report) -> str:
    return report_links()(report.pk)
