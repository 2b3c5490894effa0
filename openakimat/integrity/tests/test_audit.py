from openakimat.common.actor import SystemActor
from openakimat.integrity.models import AuditEntry
from openakimat.integrity.services import audit_record, audit_verify


def test_entries_chain_and_verify(db):
    first = audit_record(actor=SystemActor("test"), action="demo.one", object_type="x", object_id="1")
    second = audit_record(actor=SystemActor("test"), action="demo.two", object_type="x", object_id="2")
    assert second.sequence == first.sequence + 1
    assert second.previous_digest == first.digest
    assert first.actor_label == "system:test"
    assert audit_verify() is None


def test_editing_a_past_entry_breaks_the_chain_there(db):
    audit_record(actor=SystemActor("test"), action="a", object_type="x", object_id="1")
    victim = audit_record(actor=SystemActor("test"), action="b", object_type="x", object_id="2", data={"n": 1})
    audit_record(actor=SystemActor("test"), action="c", object_type="x", object_id="3")
    AuditEntry.objects.filter(pk=victim.pk).update(data={"n": 2})
    assert audit_verify() == victim.sequence


def test_deleting_an_entry_breaks_the_chain_after_it(db):
    audit_record(actor=SystemActor("test"), action="a", object_type="x", object_id="1")
    gone = audit_record(actor=SystemActor("test"), action="b", object_type="x", object_id="2")
    after = audit_record(actor=SystemActor("test"), action="c", object_type="x", object_id="3")
    AuditEntry.objects.filter(pk=gone.pk).delete()
    assert audit_verify() == after.sequence


def test_signed_in_staff_are_recorded_by_username(operator):
    entry = audit_record(actor=operator, action="a", object_type="x", object_id="1")
    assert entry.actor == operator
    assert entry.actor_label == "dana.operator"


def test_cutting_off_the_newest_entries_is_detected(db):
    for n in range(4):
        audit_record(actor=SystemActor("test"), action="a", object_type="x", object_id=str(n))
    AuditEntry.objects.filter(sequence__gte=3).delete()
    assert audit_verify() == 3
