"""Every write of the electronic queue. Staff actions are permission-checked here and audited."""

from ._booking_common import SlotTaken
from .booking import (
    booking_cancel,
    booking_confirm,
    booking_find,
    booking_otp_resend,
    booking_reschedule,
    booking_start,
)
from .booking_checkin import NotFound, Swept, booking_check_in, bookings_sweep
from .config import (
    DayHours,
    category_save,
    desk_hours_set,
    desk_remove,
    desk_save,
    hall_configure,
    priority_group_update,
)
from .setup import hall_setup
from .tickets import (
    TicketIssued,
    desk_sign_in,
    desk_sign_out,
    ticket_call_next,
    ticket_cancel,
    ticket_finish,
    ticket_issue,
    ticket_no_show,
    ticket_recall,
    ticket_redirect,
    ticket_start,
    tickets_close_day,
)

__all__ = [
    "DayHours",
    "NotFound",
    "SlotTaken",
    "Swept",
    "TicketIssued",
    "booking_cancel",
    "booking_check_in",
    "booking_confirm",
    "booking_find",
    "booking_otp_resend",
    "booking_reschedule",
    "booking_start",
    "bookings_sweep",
    "category_save",
    "desk_hours_set",
    "desk_remove",
    "desk_save",
    "desk_sign_in",
    "desk_sign_out",
    "hall_configure",
    "hall_setup",
    "priority_group_update",
    "ticket_call_next",
    "ticket_cancel",
    "ticket_finish",
    "ticket_issue",
    "ticket_no_show",
    "ticket_recall",
    "ticket_redirect",
    "ticket_start",
    "tickets_close_day",
]
