"""The audit log: entries written unsealed with the change, sealed into one hash chain after the
commit, and a chain that tells where it was tampered with."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from openakimat.common.actor import SystemActor
from openakimat.integrity.models import AuditEntry, AuditHead
from openakimat.integrity.services import audit_check, audit_record, audit_seal, audit_verify

SYSTEM = SystemActor("test")


def record(n, **extra):
    return audit_record(actor=SYSTEM, action=f"demo.{n}", object_type="x", object_id=str(n), **extra)


def test_an_entry_is_written_unsealed_and_sealed_after_the_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        first, second = record(1), record(2)
    assert (first.sequence, first.digest) == (None, None)
    assert len(callbacks) == 1, "a transaction queues one seal, however many entries it writes"
    for callback in callbacks:
        callback()  # the task, eager as in the embedded mode
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.sequence, second.sequence) == (1, 2)
    assert second.previous_digest == first.digest and len(first.digest) == 64
    assert first.actor_label == "system:test"
    assert audit_verify() is None
    assert AuditHead.objects.get().sequence == 2


def test_a_write_that_rolls_back_leaves_no_entry(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        record(1)
        raise RuntimeError("the change failed")
    assert not AuditEntry.objects.exists()
    assert audit_seal() == 0


def test_sealing_twice_seals_once_and_keeps_order(db):
    for n in range(5):
        record(n)
    assert audit_seal() == 5
    assert audit_seal() == 0
    assert list(AuditEntry.objects.order_by("sequence").values_list("object_id", flat=True)) == list("01234")


def test_sealing_goes_on_in_batches_from_the_head(db):
    for n in range(7):
        record(n)
    assert audit_seal(batch=3) == 7
    record(7)
    audit_seal(batch=3)
    assert list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True)) == list(range(1, 9))
    assert audit_verify() is None


def test_two_entries_can_never_share_a_place_or_a_digest_in_the_chain(db):
    for n in range(3):
        record(n)  # unsealed entries share "no place" freely
    audit_seal()
    first, second, _ = AuditEntry.objects.order_by("sequence")
    for field in ("sequence", "digest"):
        with pytest.raises(IntegrityError), transaction.atomic():
            AuditEntry.objects.filter(pk=second.pk).update(**{field: getattr(first, field)})


def test_editing_a_past_entry_breaks_the_chain_there(db):
    record(1)
    victim = record(2, data={"n": 1})
    record(3)
    audit_seal()
    victim.refresh_from_db()
    AuditEntry.objects.filter(pk=victim.pk).update(data={"n": 2})
    assert audit_verify() == victim.sequence


def test_deleting_an_entry_breaks_the_chain_after_it(db):
    record(1)
    gone, after = record(2), record(3)
    audit_seal()
    after.refresh_from_db()
    AuditEntry.objects.filter(pk=gone.pk).delete()
    assert audit_verify() == after.sequence


def test_cutting_off_the_newest_entries_is_detected(db):
    for n in range(4):
        record(n)
    audit_seal()
    AuditEntry.objects.filter(sequence__gte=3).delete()
    assert audit_verify() == 3


def test_signed_in_staff_are_recorded_by_username(operator):
    entry = audit_record(actor=operator, action="a", object_type="x", object_id="1")
    assert entry.actor == operator
    assert entry.actor_label == "dana.operator"
    assert audit_record(actor="resident", action="b").actor_label == "resident"
    assert audit_record(actor=None, action="c").actor is None


def test_the_commands_seal_and_verify_and_report_a_stopped_sealer(db, capsys):
    record(1)
    AuditEntry.objects.update(at=timezone.now() - timedelta(hours=1))
    with pytest.raises(CommandError, match="waited over 10 min"):
        call_command("verify_audit")
    assert audit_check().stale_unsealed == 1
    call_command("seal_audit")
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out
    AuditEntry.objects.update(action="forged")
    with pytest.raises(CommandError, match="broken at entry #1"):
        call_command("verify_audit")


def test_with_a_broker_a_burst_of_writes_asks_for_one_sealer_which_comes_back_while_it_finds_work(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    from celery import current_app

    from openakimat.integrity import services, tasks

    asked = []
    monkeypatch.setattr(services, "enqueue", lambda task, *args: asked.append(task))
    monkeypatch.setattr(services, "_asked_at", 0.0)
    monkeypatch.setitem(current_app.conf, "task_always_eager", False)
    for n in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            record(n)
    assert asked == [tasks.seal_audit]  # one sealer for the burst
    assert tasks.seal_audit() == 20  # the worker runs it: it found work, so it asks to come back
    assert len(asked) == 2 and asked[1].options == {"countdown": 1}
    assert tasks.seal_audit() == 0 and len(asked) == 2  # nothing left: it stops
    assert audit_verify() is None
