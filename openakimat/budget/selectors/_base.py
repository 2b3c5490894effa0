"""What the budget reads share: the phases and a few amounts and expressions."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    Q,
)

from ..models import (
    Phase,
)

PHASES: tuple[str, ...] = tuple(Phase.values)  # approved, adjusted, contracted, paid
ZERO = Decimal(0)
CENT = Decimal("0.01")

ON_PLAN, CAUTION, OVERRUN = "on_plan", "caution", "overrun"
HAS_BOUNDARY = ExpressionWrapper(Q(boundary__isnull=False), output_field=BooleanField())
