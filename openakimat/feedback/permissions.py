"""Who may read and act on corruption reports: only the anti-corruption observers whose grant
covers the report's akimat.

Nobody else: not the akim, not the akimat's administrators (the akimat is who may be reported on),
and not superusers either. A superuser runs the installation; being one is no anti-corruption
mandate, so `policy.is_root` is deliberately not consulted here. A superuser who must read reports
is given an observer grant like anyone else (a grant of a personal-data role needs a second
administrator's approval). Residents file and follow reports by their tracking code, with no
account (services.corruption).
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import Role

from .models import CorruptionReport

OBSERVERS = (Role.OBSERVER,)


def _observer_paths(actor: Actor | None) -> list[str]:
    return policy.paths(actor, OBSERVERS)


def reports_q(actor: Actor | None) -> Q:
    """The reports `actor` may see: those of akimats within their observer grants."""
    found = _observer_paths(actor)
    if not found:
        return policy.NOTHING
    return reduce(or_, (Q(akimat__territory__path__startswith=p) for p in found))


def can_open_corruption_reports(actor: Actor | None) -> bool:
    """The list page and the menu entry: any observer grant."""
    return bool(_observer_paths(actor))


def can_view(actor: Actor | None, report: CorruptionReport) -> bool:
    path = report.akimat.territory.path
    return any(path.startswith(p) for p in _observer_paths(actor))


def can_handle(actor: Actor | None, report: CorruptionReport) -> bool:
    """Change the status, answer the reporter, write internal notes: the same observers."""
    return can_view(actor, report)


# == Ratings (docs/ratings.md) ==================================================================
# A resident rates with no account: the tracking code of the case, the token of the ticket or of
# the SMS link proves it is theirs (services.ratings). These say what may be rated, and who of the
# staff reads the comments (never who wrote them: a rating keeps nobody's name or phone).

RATING_READERS = (Role.AKIM, Role.HEAD, Role.SECRETARIAT, Role.ADMIN)


def can_rate_application(application) -> bool:
    """Only once the result is handed over (workflow: the "issue" move)."""
    from openakimat.applications.models import Status

    return application.status == Status.ISSUED


def can_rate_ticket(ticket) -> bool:
    """Only once the visit is over and the resident was served."""
    from openakimat.queueing.models import TicketStatus

    return ticket.status == TicketStatus.DONE


def rating_comments_q(actor: Actor | None) -> Q:
    """The ratings whose comments `actor` may read: those of akimats within their grants."""
    return policy.path_q(actor, RATING_READERS, "akimat__territory__path")


def can_read_rating_comments(actor: Actor | None) -> bool:
    return policy.is_root(actor) or bool(policy.paths(actor, RATING_READERS))
