"""Execution of a budget against the share of the year gone by (see the package's docstring)."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from ._base import CAUTION, ON_PLAN, OVERRUN

# ---------------------------------------------------------------------------------------------
# Execution


def year_share(year: int, today: date | None = None) -> float:
    """The share of `year` gone by on `today`: 1.0 for past years, 0.0 for future ones."""
    today = today or timezone.localdate()
    if year < today.year:
        return 1.0
    if year > today.year:
        return 0.0
    days = 366 if calendar.isleap(year) else 365
    return today.timetuple().tm_yday / days


def execution_ratio(paid: Decimal, adjusted: Decimal) -> float | None:
    """Paid ÷ adjusted plan, or None when there is no plan."""
    if not adjusted:
        return None
    return float(paid / adjusted)


def execution_status(execution: float | None, year: int, today: date | None = None) -> str | None:
    """ "on_plan", "caution", "overrun", or None without a plan (see the module docstring)."""
    if execution is None:
        return None
    if execution > settings.BUDGET_EXECUTION_OVERRUN:
        return OVERRUN
    if execution < settings.BUDGET_EXECUTION_CAUTION * year_share(year, today):
        return CAUTION
    return ON_PLAN
