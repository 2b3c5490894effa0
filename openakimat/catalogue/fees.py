"""What a service costs, in words a resident can act on.

The Tax Code sets state duties in monthly calculation indices (МРП, месячный расчетный показатель;
АЕК, айлық есептік көрсеткіш), and the МРП changes every year with the law on the republican
budget. The register stores the duty in МРП; the amount in tenge is computed for the current year
from `settings.MRP_BY_YEAR`, so that the page never shows last year's price.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

if TYPE_CHECKING:
    from .models import PublicService

CENT = Decimal("0.01")


def mrp_for(year: int) -> tuple[int, int] | None:
    """(the year whose figure applies, the МРП in tenge): the year's own, else the latest earlier."""
    known = [y for y in settings.MRP_BY_YEAR if y <= year]
    if not known:
        return None
    applies = max(known)
    return applies, settings.MRP_BY_YEAR[applies]


def _plain(amount: Decimal) -> int | Decimal:
    """A whole number without decimals, for display (3 932, not 3 932,00); 0.5 stays 0,5."""
    return int(amount) if amount == amount.to_integral_value() else amount.normalize()


@dataclass(frozen=True)
class Fee:
    free: bool
    mrp: int | Decimal | None  # the fee in МРП, when the register sets it so
    tenge: int | Decimal | None  # the amount to pay, when known
    year: int | None  # the year whose МРП gave `tenge`
    index: int | None  # that year's МРП in tenge
    note: str  # what the register says besides (in the active language)

    @property
    def known(self) -> bool:
        return self.free or self.tenge is not None or self.mrp is not None


def service_fee(service: "PublicService", *, today: date | None = None) -> Fee:
    """The fee of `service`: free, a fixed amount, or МРП with their amount in tenge this year."""
    note = service.fee_note
    if service.fee_mrp is not None:
        mrp = service.fee_mrp
        found = mrp_for((today or timezone.localdate()).year)
        if found is None:
            return Fee(False, _plain(mrp), None, None, None, note)
        year, index = found
        tenge = (mrp * index).quantize(CENT)
        return Fee(False, _plain(mrp), _plain(tenge), year, index, note)
    if service.fee is None:
        return Fee(False, None, None, None, None, note)
    if service.fee == 0:
        return Fee(True, None, None, None, None, note)
    return Fee(False, None, _plain(service.fee), None, None, note)
