"""The back office's writes: plan a reception, cancel it (the residents who signed up are told),
mark it held, mark attendance, record the problems raised and assign each to a department as an
instruction of execution control. Each checks the policy first and is audited."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.errors import ConflictError
from openakimat.control.models import Instruction
from openakimat.control.services import instruction_create
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Akimat, Department, Territory

from .. import permissions
from ..models import ACTIVE_STATUSES, Kind, RaisedProblem, Reception, SignUp, SignUpStatus, Status, Topic
from ..notifications import tell
from ..workflow import STAFF_MARKS, TRANSITIONS
from ._common import check_village, clean_text, locked_reception


@dataclass
class ReceptionPlan:
    host_name_kk: str
    host_name_ru: str
    host_name_en: str
    host_position_kk: str
    host_position_ru: str
    host_position_en: str
    kind: str
    starts_at: datetime
    capacity: int
    slot_minutes: int = 15
    place_kk: str = ""
    place_ru: str = ""
    place_en: str = ""
    online_url: str = ""
    territory: Territory | None = None
    topics: list[str] = field(default_factory=list)
    observer: str = ""


def _check_plan(plan: ReceptionPlan, akimat: Akimat, now: datetime) -> None:
    required = _("Fill this in, in each language.")
    for name in ("host_name_kk", "host_name_ru", "host_name_en", "host_position_kk", "host_position_ru"):
        setattr(plan, name, clean_text(getattr(plan, name), limit=200, message=required, field=name))
    plan.host_position_en = clean_text(plan.host_position_en, limit=200, message=required, field="host_position_en")
    for name in ("place_kk", "place_ru", "place_en"):
        setattr(plan, name, clean_text(getattr(plan, name), limit=300, message="", required=False, field=name))
    plan.observer = clean_text(plan.observer, limit=200, message="", required=False, field="observer")
    if plan.kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of reception.")})
    if not isinstance(plan.starts_at, datetime) or plan.starts_at <= now:
        raise ValidationError({"starts_at": _("The reception must start in the future.")})
    if not 1 <= plan.capacity <= 200:
        raise ValidationError({"capacity": _("Give between 1 and 200 places.")})
    if not 5 <= plan.slot_minutes <= 120:
        raise ValidationError({"slot_minutes": _("Give between 5 and 120 minutes per resident.")})
    if plan.kind == Kind.ONLINE and not plan.online_url.startswith("https://"):
        raise ValidationError({"online_url": _("Give the https:// link of an online reception.")})
    if plan.kind != Kind.ONLINE and not (plan.place_kk and plan.place_ru and plan.place_en):
        raise ValidationError({"place_kk": _("Give the place in each language.")})
    if plan.kind == Kind.OPEN_PUBLIC and not plan.observer:
        raise ValidationError({"observer": _("An open reception is held with an anti-corruption observer: name them.")})
    if any(t not in Topic.values for t in plan.topics):
        raise ValidationError({"topics": _("Choose topics from the list.")})
    check_village(plan.territory, akimat, field="territory")


@transaction.atomic
def reception_plan(
    *, actor: Actor | None, akimat: Akimat, plan: ReceptionPlan, now: datetime | None = None
) -> Reception:
    """Publish a reception in the schedule of `akimat`."""
    policy.require(permissions.can_plan(actor, akimat))
    _check_plan(plan, akimat, now or timezone.now())
    reception = Reception.objects.create(akimat=akimat, **plan.__dict__)
    audit_record(
        actor=actor,
        action="reception.plan",
        obj=reception,
        akimat=akimat,
        data={"kind": reception.kind, "starts_at": reception.starts_at, "capacity": reception.capacity},
    )
    return reception


@transaction.atomic
def reception_cancel(*, actor: Actor | None, reception: Reception, reason: str) -> Reception:
    """Cancel a scheduled reception; every resident signed up (or waiting) is told by SMS."""
    reception = locked_reception(reception.pk)
    policy.require(permissions.can_plan(actor, reception.akimat))
    if reception.status != Status.SCHEDULED:
        raise ConflictError(_("Only a scheduled reception can be cancelled."))
    reason = clean_text(reason, limit=2000, message=_("Give the reason for cancelling."), field="reason")
    reception.status, reception.cancel_reason = Status.CANCELLED, reason
    reception.version += 1
    reception.save(update_fields=["status", "cancel_reason", "version", "updated_at"])
    told = list(SignUp.objects.select_for_update().filter(reception=reception, status__in=ACTIVE_STATUSES))
    for signup in told:
        if signup.status != SignUpStatus.PENDING:
            tell(signup, "cancelled")
        signup.status, signup.slot_at = SignUpStatus.CANCELLED, None
        signup.save(update_fields=["status", "slot_at", "updated_at"])
    audit_record(
        actor=actor, action="reception.cancel", obj=reception, akimat=reception.akimat, data={"told": len(told)}
    )
    return reception


@transaction.atomic
def reception_close(*, actor: Actor | None, reception: Reception) -> Reception:
    """Mark the reception held: its public page then shows the residents heard and the problems."""
    reception = locked_reception(reception.pk)
    policy.require(permissions.can_manage_signups(actor, reception))
    if reception.status != Status.SCHEDULED:
        raise ConflictError(_("Only a scheduled reception can be marked held."))
    reception.status = Status.HELD
    reception.version += 1
    reception.save(update_fields=["status", "version", "updated_at"])
    audit_record(actor=actor, action="reception.close", obj=reception, akimat=reception.akimat)
    return reception


@transaction.atomic
def signup_mark(*, actor: Actor | None, signup: SignUp, move: str) -> SignUp:
    """Mark a resident attended or not come ("attend", "no_show")."""
    if move not in STAFF_MARKS:
        raise ValidationError({"move": _("Choose attended or did not come.")})
    reception = locked_reception(signup.reception_id)
    policy.require(permissions.can_manage_signups(actor, reception))
    signup = SignUp.objects.select_for_update().get(pk=signup.pk, reception=reception)
    transition = TRANSITIONS[move]
    if signup.status not in transition.sources:
        raise ConflictError(
            _("This can't be done now: the sign-up is “%(status)s”.") % {"status": signup.get_status_display()}
        )
    signup.status = transition.target
    signup.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=f"reception.signup_{move}", obj=signup, akimat=reception.akimat)
    return signup


def _check_department(department: Department, akimat: Akimat) -> None:
    if not department.is_active or not department.akimat.territory.path.startswith(akimat.territory.path):
        raise ValidationError({"department": _("Choose a department of this akimat.")})


@transaction.atomic
def problem_record(
    *,
    actor: Actor | None,
    reception: Reception,
    text: str,
    topic: str,
    department: Department,
    deadline: date,
    village: Territory | None = None,
    signup: SignUp | None = None,
    title: str = "",
) -> RaisedProblem:
    """Record a problem raised at the reception, written for the public without names, and give it
    to `department` as an instruction due by `deadline`."""
    reception = locked_reception(reception.pk)
    policy.require(permissions.can_record_problems(actor, reception))
    text = clean_text(text, limit=2000, message=_("Write the problem, without names."), field="text")
    if topic not in Topic.values:
        raise ValidationError({"topic": _("Choose the topic.")})
    _check_department(department, reception.akimat)
    check_village(village, reception.akimat)
    if signup is not None and signup.reception_id != reception.pk:
        raise ValidationError({"signup": _("Choose a resident of this reception.")})
    problem = RaisedProblem.objects.create(
        reception=reception, signup=signup, text=text, topic=topic, department=department, village=village
    )
    audit_record(
        actor=actor,
        action="reception.problem_record",
        obj=problem,
        akimat=reception.akimat,
        data={"reception": reception.pk, "topic": topic, "department": department.pk},
    )
    _instruct(actor, problem, reception, department, deadline, title or text)
    return problem


def _instruct(
    actor: Actor | None,
    problem: RaisedProblem,
    reception: Reception,
    department: Department,
    deadline: date,
    title: str,
) -> Instruction:
    try:
        return instruction_create(
            actor=actor,
            source=problem,
            akimat=reception.akimat,
            department=department,
            title=title[:300],
            deadline=deadline,
            territory=problem.village,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise ValidationError({"deadline": exc.messages}) from None


@transaction.atomic
def problem_assign(
    *, actor: Actor | None, problem: RaisedProblem, department: Department, deadline: date, title: str
) -> Instruction:
    """One more instruction for a problem that needs the work of another department too."""
    reception = locked_reception(problem.reception_id)
    policy.require(permissions.can_record_problems(actor, reception))
    _check_department(department, reception.akimat)
    title = clean_text(title, limit=300, message=_("Say what must be done."), field="title")
    return _instruct(actor, problem, reception, department, deadline, title)
