"""Writes on applications, by concern: intake (registration), documents, the workflow's moves,
the head's casework, and consultations. Each checks permission through `permissions`, records an
event and an audit entry, and runs in one transaction."""

from .casework import application_assign, application_extend, application_transfer
from .consultations import consultation_log
from .documents import MAX_FILES, Upload, application_add_documents
from .intake import Applicant, application_register
from .lookup import applicant_lookup
from .moves import IdentityCheck, application_move, application_withdraw_by_resident
from .personal import application_reveal_iin
from .withdrawal import (
    WithdrawalChallenge,
    application_withdraw_with_code,
    counted_wrong,
    withdrawal_code_send,
)

__all__ = [
    "MAX_FILES",
    "Applicant",
    "IdentityCheck",
    "Upload",
    "WithdrawalChallenge",
    "applicant_lookup",
    "application_add_documents",
    "application_assign",
    "application_extend",
    "application_move",
    "application_register",
    "application_reveal_iin",
    "application_transfer",
    "application_withdraw_by_resident",
    "application_withdraw_with_code",
    "consultation_log",
    "counted_wrong",
    "withdrawal_code_send",
]
