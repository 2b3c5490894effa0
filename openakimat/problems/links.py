"""Where a report's public page is. The page of one report (`problems:report`) belongs to the
resident side of the app; until it is installed, a link leads to the public list."""

from django.urls import NoReverseMatch, reverse

from .models import Report


def report_url(report: Report) -> str:
    try:
        return reverse("problems:report", args=[report.pk])
    except NoReverseMatch:
        return reverse("problem_map:list") + f"#report-{report.pk}"
