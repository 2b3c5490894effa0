"""Writes on budgets, by concern: budgets and the classification (`budgets`), their lines and
payments (`lines`), and the rollups the public reads use (`rollups`)."""

from .budgets import BudgetLoad, budget_replace, budgets_replace, classification_load
from .lines import PHASES, LineData
from .rollups import rollups_rebuild

__all__ = [
    "PHASES",
    "BudgetLoad",
    "LineData",
    "budget_replace",
    "budgets_replace",
    "classification_load",
    "rollups_rebuild",
]
