"""The receptions' writes: the resident's sign-up (`signup.py`), the back office's (`staff.py`),
the reminders (`reminders.py`)."""

from .reminders import reminders_send
from .signup import (
    code_attempts_max,
    promote_waiting,
    signup_by_token,
    signup_cancel,
    signup_code_resend,
    signup_confirm,
    signup_start,
)
from .staff import (
    ReceptionPlan,
    problem_assign,
    problem_record,
    reception_cancel,
    reception_close,
    reception_plan,
    signup_mark,
)

__all__ = [
    "ReceptionPlan",
    "code_attempts_max",
    "problem_assign",
    "problem_record",
    "promote_waiting",
    "reception_cancel",
    "reception_close",
    "reception_plan",
    "reminders_send",
    "signup_by_token",
    "signup_cancel",
    "signup_code_resend",
    "signup_confirm",
    "signup_mark",
    "signup_start",
]
