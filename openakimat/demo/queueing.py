"""The demonstration hall of the Akzhar district's service akimat: the queue's categories derived
from the demo catalogue, three desks ("windows") open Monday to Friday 09:00–18:00 with a lunch
break 13:00–14:00, and the usual priority groups. The desks and their hours are invented.

The hall's history is a DEMONSTRATION too: `history` writes an invented fortnight of tickets
(taken, called, served, a few not come or cancelled) so that the staff figures page and the public
"Queue now" have something to show. No resident took them; the akimats carry no demo flag, so the
figures page cannot say so itself — docs/queue.md does."""

import hashlib
import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from openakimat.common.actor import Actor
from openakimat.common.calendar import ALMATY
from openakimat.queueing import services
from openakimat.queueing.models import Desk, DeskHours, Hall, Ticket, TicketStatus
from openakimat.territory.models import Akimat

OPENS, CLOSES, BREAK = time(9), time(18), (time(13), time(14))


def load(actor: Actor, akimat: Akimat) -> Hall:
    hall = services.hall_setup(actor=actor, akimat=akimat)
    categories = list(hall.categories.order_by("order", "letter"))
    # Desk 1 serves every category; desks 2 and 3 share the rest between them.
    plans = {1: categories, 2: categories[0::2], 3: categories[1::2] or categories}
    for number, served in plans.items():
        desk, _created = Desk.objects.get_or_create(hall=hall, number=number)
        desk.categories.set(served)
        for weekday in range(5):
            DeskHours.objects.update_or_create(
                desk=desk,
                weekday=weekday,
                defaults={"opens": OPENS, "closes": CLOSES, "break_starts": BREAK[0], "break_ends": BREAK[1]},
            )
    history(hall)
    return hall


# An invented fortnight of the hall's work, so that the figures page and the current wait have
# something to show: nobody took these tickets.
HISTORY_DAYS = 14
SEED = 15


def history(hall: Hall, today: date | None = None) -> int:
    """The working days of the last two weeks (not today): some 30–50 tickets a day spread over
    the opening hours, most served, a few not come or cancelled. Written in one bulk insert; once
    only (a hall that has tickets is left alone). Returns how many tickets it wrote."""
    if Ticket.objects.filter(hall=hall).exists():
        return 0
    today = today or timezone.localdate()
    rng = random.Random(SEED)  # noqa: S311 - invented figures, not secrets
    categories = list(hall.categories.filter(is_active=True).order_by("order", "letter"))
    desks = list(hall.desks.prefetch_related("categories").order_by("number"))
    if not categories or not desks:
        return 0
    serving = {c.pk: [d for d in desks if c in d.categories.all()] or desks for c in categories}
    weights = [max(1, len(categories) - i) for i in range(len(categories))]  # A busiest
    tickets = []
    for back in range(HISTORY_DAYS, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        numbers: dict[str, int] = {}
        for _ in range(rng.randint(30, 50)):
            category = rng.choices(categories, weights)[0]
            hour = rng.choice([9, 10, 10, 11, 11, 12, 14, 15, 15, 16, 17])
            issued = datetime.combine(day, time(hour, rng.randint(0, 59)), tzinfo=ALMATY)
            numbers[category.letter] = numbers.get(category.letter, 0) + 1
            number = numbers[category.letter]
            fate = rng.random()
            called = issued + timedelta(minutes=rng.randint(1, 35 if hour in (10, 11, 15) else 15))
            ticket = Ticket(
                hall=hall,
                category=category,
                day=day,
                letter=category.letter,
                number=number,
                issued_at=issued,
                order_at=issued,
                token_hash=hashlib.sha256(f"demo:{hall.pk}:{day}:{category.letter}{number}".encode()).hexdigest(),
            )
            if fate < 0.03:  # gave up before being called
                ticket.status, ticket.finished_at = TicketStatus.CANCELLED, issued + timedelta(minutes=20)
            else:
                ticket.desk = rng.choice(serving[category.pk])
                ticket.called_at = ticket.first_called_at = called
                if fate < 0.09:
                    ticket.status, ticket.recalls = TicketStatus.NO_SHOW, hall.recalls_before_no_show
                    ticket.finished_at = called + timedelta(minutes=3)
                else:
                    ticket.status = TicketStatus.DONE
                    ticket.started_at = called + timedelta(minutes=1)
                    minutes = max(3, round(rng.gauss(category.average_minutes * 0.8, 4)))
                    ticket.finished_at = ticket.started_at + timedelta(minutes=minutes)
            tickets.append(ticket)
    Ticket.objects.bulk_create(tickets, batch_size=500)
    return len(tickets)
