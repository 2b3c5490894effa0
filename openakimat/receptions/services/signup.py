"""A resident's sign-up: start it (an SMS code is sent to the phone), confirm it with the code (a
place if one is left, else the waiting list), cancel it with the link of the sign-up (the first on
the waiting list then takes the freed place).

No account is needed; the phone is proved by the code. The code is kept only as a keyed hash with
its expiry and the count of wrong tries; codes per phone and sign-ups per client address are
rate-limited. Places are given under a lock on the reception row, so two confirmations at once never
take more places than there are (and a unique constraint on the slot backs it up).
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openakimat.common.errors import ConflictError
from openakimat.common.phone import phone_normalise
from openakimat.common.ratelimit import HOUR, hit_for
from openakimat.integrity.services import audit_record
from openakimat.territory.models import Territory

from ..models import ACTIVE_STATUSES, SEATED_STATUSES, Reception, SignUp, SignUpStatus, Status
from ..notifications import CODE_MINUTES, send_code, tell
from ._common import check_village, clean_text, code_digest, locked_reception, new_token, phone_hash, token_hash

OTP_DIGITS = 6
NAME_MAX, PROBLEM_MAX = 200, 2000
SIGNUPS, CODES = "reception-signup", "reception-code"


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def code_attempts_max() -> int:
    return _limit("RECEPTION_CODE_ATTEMPTS", 5)


def _open_for_signup(reception: Reception, now: datetime) -> None:
    if reception.status != Status.SCHEDULED or reception.starts_at <= now:
        raise ConflictError(_("Sign-up for this reception is closed."))


def _issue_code(signup: SignUp, now: datetime) -> None:
    otp = f"{secrets.randbelow(10**OTP_DIGITS):0{OTP_DIGITS}d}"
    signup.code_expires_at = now + timedelta(minutes=CODE_MINUTES)
    signup.code_digest = code_digest(signup.pk, otp, signup.code_expires_at.timestamp())
    signup.code_attempts = 0
    signup.save(update_fields=["code_digest", "code_expires_at", "code_attempts", "updated_at"])
    send_code(signup, otp)


def signup_start(
    *,
    reception: Reception,
    name: str,
    phone: str,
    village: Territory | None,
    problem: str,
    language: str = "kk",
    client: str = "unknown",
    now: datetime | None = None,
) -> tuple[SignUp, str]:
    """Sign a resident up, waiting for the code sent to `phone`. Returns the sign-up and the token
    of its link (shown once to the resident, never in a log). RateLimited past the sign-ups of one
    client address or the codes to one phone in an hour."""
    now = now or timezone.now()
    _open_for_signup(reception, now)
    name = clean_text(name, limit=NAME_MAX, message=_("Write your name."), field="name")
    problem = clean_text(problem, limit=PROBLEM_MAX, message=_("Say what you want to raise."), field="problem")
    try:
        phone = phone_normalise(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None
    if village is None:
        raise ValidationError({"village": _("Choose your village.")}, code="required")
    check_village(village, reception.akimat)
    language = language if language in ("kk", "ru", "en") else "kk"
    digest = phone_hash(phone)
    hit_for(SIGNUPS, f"client:{client}", limit=_limit("RECEPTION_SIGNUPS_PER_HOUR", 10), window=HOUR)
    hit_for(CODES, f"phone:{digest}", limit=_limit("RECEPTION_CODES_PER_HOUR", 5), window=HOUR)
    already = _("This phone is already signed up for this reception.")
    token = new_token()
    with transaction.atomic():
        taken = SignUp.objects.select_for_update().filter(reception=reception, phone_hash=digest)
        if taken.filter(status__in=(SignUpStatus.CONFIRMED, SignUpStatus.WAITING)).exists():
            raise ValidationError({"phone": already}, code="duplicate")
        # An earlier sign-up of this phone that was never confirmed gives way to this one.
        taken.filter(status=SignUpStatus.PENDING).update(status=SignUpStatus.CANCELLED, updated_at=now)
        try:
            with transaction.atomic():
                signup = SignUp.objects.create(
                    reception=reception,
                    name=name,
                    phone=phone,
                    phone_hash=digest,
                    village=village,
                    problem=problem,
                    language=language,
                    token=token,
                    token_hash=token_hash(token),
                )
        except IntegrityError:  # the same phone, at the same moment
            raise ValidationError({"phone": already}, code="duplicate") from None
        _issue_code(signup, now)
        audit_record(
            actor="resident",
            action="reception.signup",
            obj=signup,
            akimat=reception.akimat,
            data={"reception": reception.pk},
        )
    return signup, token


def signup_by_token(token: str) -> SignUp | None:
    token = (token or "").strip()
    if not token or len(token) > 64:
        return None
    return (
        SignUp.objects.select_related("reception__akimat__territory", "village")
        .filter(token_hash=token_hash(token))
        .first()
    )


def signup_code_resend(*, signup: SignUp, now: datetime | None = None) -> SignUp:
    """A new code for a sign-up still waiting for one (the old code stops working)."""
    now = now or timezone.now()
    if signup.status != SignUpStatus.PENDING:
        raise ConflictError(_("This sign-up is already confirmed or cancelled."))
    _open_for_signup(signup.reception, now)
    hit_for(CODES, f"phone:{signup.phone_hash}", limit=_limit("RECEPTION_CODES_PER_HOUR", 5), window=HOUR)
    with transaction.atomic():
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        _issue_code(signup, now)
        audit_record(actor="resident", action="reception.code_resent", obj=signup, akimat=signup.reception.akimat)
    return signup


def _free_slot(reception: Reception) -> datetime | None:
    taken = set(
        SignUp.objects.filter(reception=reception, status__in=SEATED_STATUSES, slot_at__isnull=False).values_list(
            "slot_at", flat=True
        )
    )
    return next((slot for slot in reception.slot_times() if slot not in taken), None)


def _code_error(message: str, code: str) -> ValidationError:
    return ValidationError({"code": ValidationError(message, code=code)})


def _check_code(signup: SignUp, otp: str, now: datetime) -> ValidationError | None:
    if signup.code_attempts >= code_attempts_max():
        return _code_error(_("Too many wrong codes. Ask for a new code."), "spent")
    if signup.code_expires_at is None or now > signup.code_expires_at:
        return _code_error(_("This code has expired. Ask for a new code."), "expired")
    typed = "".join((otp or "").split())
    expected = code_digest(signup.pk, typed, signup.code_expires_at.timestamp())
    if not (typed.isascii() and typed.isdigit() and len(typed) == OTP_DIGITS) or not secrets.compare_digest(
        expected, signup.code_digest
    ):
        return _code_error(_("This code is wrong. Check the SMS and type its six digits."), "wrong")
    return None


def signup_confirm(*, signup: SignUp, code: str, now: datetime | None = None) -> SignUp:
    """Confirm the phone with the SMS code: a place (the first free time) if one is left, else the
    waiting list. A wrong, expired or spent code raises a ValidationError on "code" and counts the
    try; confirming again changes nothing."""
    now = now or timezone.now()
    error = None
    with transaction.atomic():
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.status != SignUpStatus.PENDING:
            return signup  # already confirmed (a second click) or cancelled: nothing to do
        error = _check_code(signup, code, now)
        if error is not None:
            if error.error_dict["code"][0].code == "wrong":
                signup.code_attempts += 1
                signup.save(update_fields=["code_attempts", "updated_at"])
                audit_record(
                    actor="resident", action="reception.code_wrong", obj=signup, akimat=signup.reception.akimat
                )
        else:
            reception = locked_reception(signup.reception_id)
            _open_for_signup(reception, now)
            slot = _free_slot(reception)
            signup.status = SignUpStatus.CONFIRMED if slot else SignUpStatus.WAITING
            signup.slot_at, signup.confirmed_at = slot, now
            signup.code_digest, signup.code_expires_at = "", None
            signup.save(update_fields=["status", "slot_at", "confirmed_at", "code_digest", "code_expires_at"])
            tell(signup, "confirmed" if slot else "waiting")
            audit_record(
                actor="resident",
                action=f"reception.signup_{'confirmed' if slot else 'waiting'}",
                obj=signup,
                akimat=reception.akimat,
            )
    if error is not None:
        raise error
    return signup


def promote_waiting(reception: Reception, slot: datetime, now: datetime) -> SignUp | None:
    """Give the freed `slot` to the first on the waiting list (call under the reception's lock)."""
    if reception.status != Status.SCHEDULED or reception.starts_at <= now:
        return None
    first = (
        SignUp.objects.select_for_update()
        .filter(reception=reception, status=SignUpStatus.WAITING)
        .order_by("confirmed_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status, first.slot_at = SignUpStatus.CONFIRMED, slot
    first.save(update_fields=["status", "slot_at", "updated_at"])
    tell(first, "promoted")
    audit_record(actor="system:receptions", action="reception.signup_promoted", obj=first, akimat=reception.akimat)
    return first


def signup_cancel(*, signup: SignUp, now: datetime | None = None) -> SignUp:
    """The resident cancels (with the link of the sign-up). A freed place goes to the first on the
    waiting list. Cancelling again changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        reception = locked_reception(signup.reception_id)
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.status == SignUpStatus.CANCELLED:
            return signup
        if signup.status not in ACTIVE_STATUSES:
            raise ConflictError(_("The reception has taken place: this sign-up can no longer be cancelled."))
        freed = signup.slot_at if signup.status == SignUpStatus.CONFIRMED else None
        signup.status, signup.slot_at = SignUpStatus.CANCELLED, None
        signup.save(update_fields=["status", "slot_at", "updated_at"])
        audit_record(actor="resident", action="reception.signup_cancelled", obj=signup, akimat=reception.akimat)
        if freed is not None:
            promote_waiting(reception, freed, now)
    return signup
