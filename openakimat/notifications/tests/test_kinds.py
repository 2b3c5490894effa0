"""Any app can send messages: it declares its kinds; the outbox refers to any object."""

import pytest
from django.utils import translation

from openakimat.notifications import kinds
from openakimat.notifications.models import Notification
from openakimat.notifications.services import notify


def test_the_front_office_declares_a_kind_for_each_event_the_resident_hears_of():
    declared = {name for name in kinds.registered() if name.startswith("applications.")}
    events = ["registered", "in_progress", "awaiting_documents", "ready", "refused", "issued", "withdrawn", "extended"]
    # and the one-time code that confirms a resident's withdrawal
    assert declared == {f"applications.{event}" for event in events} | {"applications.withdrawal_code"}


def test_an_unknown_kind_is_refused_before_anything_is_written(case):
    with pytest.raises(kinds.UnknownKind):
        notify(kind="applications.teleported", obj=case)
    with pytest.raises(ValueError, match="after its app"):
        kinds.register(kinds.Kind("nameless", str, str, lambda obj: kinds.Recipient()))


def test_another_app_can_send_about_its_own_objects_in_the_recipients_language(akzhar_akimat, settings):
    """A kind of another app (here about an akimat, reached by its e-mail), written in Russian
    whatever language the request was in."""
    kinds.register(
        kinds.Kind(
            "tests.hours_changed",
            text=lambda akimat: translation.gettext("Application"),
            subject=lambda akimat: "—",
            recipient=lambda akimat: kinds.Recipient(email="akimat@example.kz", language="ru"),
        )
    )
    with translation.override("en"):
        (note,) = notify(kind="tests.hours_changed", obj=akzhar_akimat)
    assert note.medium == "email" and note.target == akzhar_akimat
    assert note.text == "Заявление"
    assert Notification.objects.get().kind == "tests.hours_changed"
