"""Demonstration cases at the Akzhar district service akimat, so that the inbox, the case pages and
the public figures show something. EVERYTHING HERE IS INVENTED: the residents are called "Demo
resident N" (ДЕМО), their IINs are generated to pass the check digit and their phones are in the
+7 700 000 00 NN demo block. Dates are relative to the day the demo is loaded, so that some cases
are due today and some are overdue."""

import io
from datetime import timedelta

from django.utils import timezone

from openakimat.applications import services
from openakimat.applications.models import Application
from openakimat.catalogue.models import ServiceOffering
from openakimat.common import samples
from openakimat.common.actor import Actor
from openakimat.common.iin import check_digit
from openakimat.territory.models import Akimat

DEMO_PDF = samples.make_pdf("DEMONSTRATION DOCUMENT - invented, not a real application")

# (service code, days ago registered, moves made since, language)
CASES = [
    ("ZAGS-01", 0, [], "kk"),
    ("ZAGS-06", 0, ["accept"], "ru"),
    ("CONS-04", 1, ["accept"], "kk"),
    ("CONS-01", 3, ["accept", "request_documents"], "ru"),
    ("CONS-01", 12, ["accept"], "kk"),  # overdue
    ("CONS-02", 6, ["accept", "complete"], "en"),
    ("CONS-03", 20, ["accept", "refuse"], "ru"),
    ("CONS-05", 40, ["accept", "complete", "issue"], "kk"),
    ("CONS-04", 9, ["accept", "complete", "issue"], "kk"),
    ("EDU-02", 2, [], "kk"),
    ("EMP-01", 5, ["accept", "complete", "issue"], "ru"),
    ("HOUS-01", 15, ["accept"], "ru"),
    ("AGRO-04", 1, ["accept", "complete"], "kk"),
    ("EDU-01", 30, ["withdraw"], "ru"),
]
NOTES = {
    "request_documents": "ДЕМО: принесите ситуационную схему участка / DEMO: bring the site plan.",
    "refuse": "ДЕМО: помещение не принадлежит заявителю / DEMO: the applicant does not own the premises.",
    "withdraw": "ДЕМО: по просьбе заявителя / DEMO: at the resident's request.",
}


def demo_iin(n: int) -> str:
    serial = 9000 + n
    while True:
        first11 = f"85{(n % 12) + 1:02d}{(n % 27) + 1:02d}3{serial:04d}"
        digit = check_digit(first11)
        if digit is not None:
            return first11 + str(digit)
        serial += 1


def load(actor: Actor, akimat: Akimat) -> int:
    """Write the demonstration cases once; later runs change nothing. Returns how many were made."""
    if Application.objects.filter(akimat=akimat).exists():
        return 0
    offerings = {
        o.service.code: o
        for o in ServiceOffering.objects.filter(department__akimat=akimat).select_related("service", "department")
    }
    now = timezone.now()
    made = 0
    # Oldest first, so that the numbers follow the registration dates.
    ordered = sorted(enumerate(CASES, start=1), key=lambda item: -item[1][1])
    for n, (code, days_ago, moves, language) in ordered:
        offering = offerings.get(code)
        if offering is None:
            continue
        service = offering.service
        documents = [
            services.Upload(io.BytesIO(DEMO_PDF), "demo-document.pdf", required=d)
            for d in service.documents.all()
            if d.mandatory and "pdf" in d.file_type_list
        ]
        # A minute apart within a day, so that cases of one day are numbered in a fixed order.
        registered = now - timedelta(days=days_ago, hours=2) + timedelta(minutes=n)
        case = services.application_register(
            actor=actor,
            offering=offering,
            applicant=services.Applicant(
                iin=demo_iin(n),
                name=f"ДЕМО тұрғын {n} / Demo resident {n}",
                phone=f"+7700000{n:04d}",
                language=language,
            ),
            consent=True,
            documents=documents if len(documents) == sum(d.mandatory for d in service.documents.all()) else [],
            now=registered,
            idempotency_key=f"demo-{akimat.pk}-{n}",
        )
        step = registered
        for move in moves:
            step += timedelta(hours=3)
            case = services.application_move(
                actor=actor,
                application=case,
                move=move,
                note=NOTES.get(move, ""),
                basis="ДЕМО / DEMO" if move == "refuse" else "",
                identity=services.IdentityCheck(document="id_card", iin=demo_iin(n), seen=True),
                now=min(step, now),
            )
        made += 1
    # One case whose term the head extended, where the register allows it.
    extendable = Application.objects.filter(akimat=akimat, status="in_progress", service__code="CONS-01").first()
    if extendable is not None:
        services.application_extend(
            actor=actor, application=extendable, reason="ДЕМО: сложный объект / DEMO: complex object"
        )
    return made
