"""The demonstration hall of the Akzhar district's service akimat: the queue's categories derived
from the demo catalogue, three desks ("windows") open Monday to Friday 09:00–18:00 with a lunch
break 13:00–14:00, and the usual priority groups. The desks and their hours are invented."""

from datetime import time

from openakimat.common.actor import Actor
from openakimat.queueing import services
from openakimat.queueing.models import Desk, DeskHours, Hall
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
    return hall
