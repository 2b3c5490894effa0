"""The receptions in the public calendar (agenda's `sources`): every reception of the schedule, held
and cancelled ones too, so that a subscriber's calendar shows a cancellation instead of losing the
event. Nothing of the residents who signed up is given: the host is a public official, the place is
public, and the description says only the kind, the topics and, when cancelled, the published reason.
"""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openakimat.agenda import sources

from .models import Kind, Reception, Status

KIND = "reception"


def _event(reception: Reception) -> sources.Event:
    who = {"host": reception.host_name, "position": reception.host_position}
    kind = reception.get_kind_display()
    place = _("Online") if reception.kind == Kind.ONLINE and not reception.place else reception.place
    description = [kind]
    if reception.topic_labels():
        description.append(_("Topics: %(topics)s") % {"topics": ", ".join(reception.topic_labels())})
    if reception.status == Status.CANCELLED and reception.cancel_reason:
        description.append(_("Cancelled: %(reason)s") % {"reason": reception.cancel_reason})
    return sources.Event(
        uid=f"reception-{reception.pk}",
        kind=KIND,
        akimat_id=reception.akimat_id,
        title=_("Reception: %(host)s, %(position)s") % who,
        starts_at=reception.starts_at,
        ends_at=reception.ends_at,
        location=place,
        url=reverse("receptions:detail", kwargs={"pk": reception.pk}),
        description="\n".join(description),
        cancelled=reception.status == Status.CANCELLED,
        sequence=reception.version - 1,
        updated_at=reception.updated_at,
    )


def reception_events(
    akimat_ids: list[int] | None, starts: datetime, ends: datetime, kinds: frozenset[str]
) -> list[sources.Event]:
    # A reception lasts its places times their minutes: at most 200 × 120 minutes (the plan's limits).
    qs = Reception.objects.filter(starts_at__lt=ends, starts_at__gte=starts - timedelta(minutes=200 * 120))
    if akimat_ids is not None:
        qs = qs.filter(akimat_id__in=akimat_ids)
    return [_event(r) for r in qs.order_by("starts_at", "pk") if r.ends_at > starts]


def register_source() -> None:
    sources.register(
        sources.Source(
            name="receptions",
            kinds=(sources.EventKind(KIND, gettext_lazy("Open reception")),),
            events=reception_events,
            realm="register",
        )
    )
