"""A resident's withdrawal, confirmed with a one-time code sent by SMS to the phone given in the
application. Case numbers are public and sequential, so the number and tracking code alone (which
may be on a lost receipt) must not be enough to end someone's case.

The case keeps no copy of the code: the resident's browser session keeps a keyed hash of it with
its expiry and the count of wrong tries (a `WithdrawalChallenge`), so a code works only in the
browser that asked for it. (The SMS text itself, with the code, is an outbox row like every
message.) Codes per case and per client address are rate-limited; every code sent, every wrong
code and the withdrawal itself are audited; a wrong or expired code changes nothing.
"""

import secrets
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from openakimat.common.errors import ConflictError
from openakimat.common.ratelimit import HOUR, hit_for
from openakimat.integrity.services import audit_record

from ..models import Application
from ..notifications import send_withdrawal_code
from ..tracking import find_by_tracking
from ..workflow import TRANSITIONS
from .moves import application_withdraw_by_resident

OTP_DIGITS = 6
WITHDRAWAL_CODES = "withdraw-code"


@dataclass(frozen=True)
class WithdrawalChallenge:
    """A code sent for one case: its keyed hash, when it stops working, and the wrong tries so far."""

    application_id: int
    digest: str
    expires_at: float  # seconds since the epoch: the session stores it as JSON
    attempts: int = 0

    def as_session(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: object) -> "WithdrawalChallenge | None":
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                application_id=int(data["application_id"]),
                digest=str(data["digest"]),
                expires_at=float(data["expires_at"]),
                attempts=int(data["attempts"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


def _digest(application_id: int, otp: str, expires_at: float) -> str:
    message = f"{application_id}:{otp}:{expires_at}"
    return salted_hmac("openakimat.applications.withdrawal", message, algorithm="sha256").hexdigest()


def _withdrawable(number: str, tracking_code: str) -> Application:
    application = find_by_tracking(number, tracking_code)
    if application is None:
        raise ValidationError({"tracking_code": _("No application has this number and tracking code.")})
    if application.status not in TRANSITIONS["withdraw"].sources:
        raise ConflictError(
            _("A case that is “%(status)s” can no longer be withdrawn.") % {"status": application.get_status_display()}
        )
    return application


def withdrawal_code_send(
    *, number: str, tracking_code: str, client: str, now: datetime | None = None
) -> WithdrawalChallenge:
    """Send a new one-time code for withdrawing the case to the resident's phone and return the
    challenge to keep in their session. `client` is the client's address, for the rate limit
    (RateLimited past `WITHDRAWAL_CODES_PER_HOUR` codes for the case, or three times that from one
    address)."""
    application = _withdrawable(number, tracking_code)
    if not application.applicant_phone:
        raise ConflictError(_("This application has no phone number to send a code to. Withdraw it at the desk."))
    per_hour = settings.WITHDRAWAL_CODES_PER_HOUR
    hit_for(WITHDRAWAL_CODES, f"case:{application.pk}", limit=per_hour, window=HOUR)
    hit_for(WITHDRAWAL_CODES, f"client:{client}", limit=per_hour * 3, window=HOUR)
    otp = f"{secrets.randbelow(10**OTP_DIGITS):0{OTP_DIGITS}d}"
    expires_at = (now or timezone.now()).timestamp() + settings.WITHDRAWAL_CODE_MINUTES * 60
    with transaction.atomic():
        send_withdrawal_code(application, otp)
        audit_record(
            actor="resident",
            action="application.withdrawal_code_sent",
            obj=application,
            akimat=application.akimat,
            data={"number": application.number},
        )
    return WithdrawalChallenge(application.pk, _digest(application.pk, otp, expires_at), expires_at)


def application_withdraw_with_code(
    *,
    number: str,
    tracking_code: str,
    challenge: WithdrawalChallenge | None,
    otp: str,
    now: datetime | None = None,
) -> Application:
    """Withdraw the case if `otp` is the code of `challenge` for it, unexpired and within the
    allowed tries. Otherwise a ValidationError on "otp" with code "missing", "expired", "spent" or
    "wrong" (the caller counts a wrong try in the challenge), and nothing changes but the audit."""
    application = _withdrawable(number, tracking_code)
    if challenge is None or challenge.application_id != application.pk:
        raise ValidationError({"otp": ValidationError(_("Ask for a code first."), code="missing")})
    if challenge.attempts >= settings.WITHDRAWAL_CODE_ATTEMPTS:
        raise ValidationError({"otp": ValidationError(_("Too many wrong codes. Ask for a new code."), code="spent")})
    if (now or timezone.now()).timestamp() > challenge.expires_at:
        raise ValidationError({"otp": ValidationError(_("This code has expired. Ask for a new code."), code="expired")})
    typed = "".join((otp or "").split())
    if not (typed.isascii() and typed.isdigit() and len(typed) == OTP_DIGITS) or not secrets.compare_digest(
        _digest(application.pk, typed, challenge.expires_at), challenge.digest
    ):
        audit_record(
            actor="resident",
            action="application.withdrawal_code_wrong",
            obj=application,
            akimat=application.akimat,
            data={"number": application.number, "attempt": challenge.attempts + 1},
        )
        raise ValidationError(
            {"otp": ValidationError(_("This code is wrong. Check the SMS and type its six digits."), code="wrong")}
        )
    return application_withdraw_by_resident(number=number, tracking_code=tracking_code, now=now)


def counted_wrong(challenge: WithdrawalChallenge) -> WithdrawalChallenge:
    """The challenge after one more wrong try."""
    return replace(challenge, attempts=challenge.attempts + 1)
