"""The problem register's writes, one module per side: residents report and follow
(`reporting`), staff triage (`triage`)."""

from .reporting import NewReport, report_create

__all__ = ["NewReport", "report_create"]
