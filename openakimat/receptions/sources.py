"""A problem raised at a reception is a source of instructions (execution control's `sources`)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openakimat.control import sources

from .models import RaisedProblem

SOURCE_KIND = "receptions.problem"


def public_url(problem: RaisedProblem) -> str:
    return reverse("receptions:detail", kwargs={"pk": problem.reception_id}) + f"#problem-{problem.pk}"


def register_source() -> None:
    sources.register(
        sources.SourceKind(
            name=SOURCE_KIND, model=RaisedProblem, label=_("Problem raised at a reception"), public_url=public_url
        )
    )
