"""The problem register's writes, one module per side: residents report and follow
(`reporting`), staff triage (`triage`), residents' alerts for an area (`alerts`)."""

from .reporting import NewReport, report_create
from .triage import report_accept, report_add_update, report_merge, report_redact, report_reject

__all__ = [
    "NewReport",
    "report_accept",
    "report_add_update",
    "report_create",
    "report_merge",
    "report_redact",
    "report_reject",
]
