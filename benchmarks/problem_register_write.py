"""The rows of benchmarks/problem_register_data.py, from its plans, written by COPY.

Each row is given as {attname: value} and written with every concrete field of its model, in the
model's order: a field not given gets its default, and each value goes through the field's own
conversion (``get_db_prep_save``), so encrypted fields are encrypted (each distinct clear text
once) and a column added later with a default is filled without a change here."""

import random
import secrets
import time
from datetime import datetime, timedelta

import problem_register_text as text
from django.db import connection
from django.utils import timezone

RESET_TABLES = [
    "control_reportattachment",
    "control_instructionevent",
    "control_instruction",
    "problems_subscription",
    "problems_reportphoto",
    "problems_reportupdate",
    "problems_report",
]

WORK_TO_REPORT = {"assigned": "accepted", "in_progress": "in_progress", "done": "fixed", "cancelled": "closed"}


def copy_rows(model, rows: list[dict]) -> int:
    """COPY `rows` into `model`'s table; returns how many. Rows that give no "id" get theirs from
    the table's sequence; rows that do move the sequence past the largest."""
    from openakimat.common.crypto import EncryptedTextField

    with_ids = bool(rows) and "id" in rows[0]
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = model._meta.db_table
    defaults = {f.attname: f.get_default() for f in fields if not callable(f.default)}
    encrypted = {f.attname for f in fields if isinstance(f, EncryptedTextField)}
    # Text and whole numbers go as they are; dates, decimals and encrypted text through the field.
    plain = {f.attname for f in fields if f.get_internal_type() in _PLAIN and f.attname not in encrypted}
    memo: dict[tuple[str, str], str] = {}
    statement = f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN"
    with connection.connection.cursor() as cur, cur.copy(statement) as copy:
        for values in rows:
            row = []
            for f in fields:
                name = f.attname
                value = values[name] if name in values else defaults[name] if name in defaults else f.get_default()
                if value is None or name in plain:
                    row.append(value)
                elif name in encrypted:
                    key = (name, value)
                    if key not in memo:
                        memo[key] = f.get_db_prep_save(value, connection)
                    row.append(memo[key])
                else:
                    row.append(f.get_db_prep_save(value, connection))
            copy.write_row(row)
    if with_ids:
        with connection.cursor() as cur:
            cur.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {table}))", [table])  # noqa: S608
    return len(rows)


_PLAIN = {
    "CharField",
    "TextField",
    "SlugField",
    "BigAutoField",
    "AutoField",
    "IntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "ForeignKey",
    "BooleanField",
}


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def local_date(moment: datetime):
    return timezone.localtime(moment).date()


def report_rows(rng: random.Random, plans: list[dict]):
    """The reports and their public updates (two lists of {attname: value})."""
    reports, updates = [], []
    last_of_category: dict[int, int] = {}
    for plan in plans:
        place, category, kind = plan["place"], plan["category"], plan["kind"]
        rid = plan["id"]
        steps = [("open", plan["created"], "")]
        note, fixed_at = "", None
        if kind == "duplicate" and category.pk not in last_of_category:
            kind = plan["kind"] = "rejected"  # nothing earlier to be a duplicate of
        if kind == "rejected":
            note = rng.choice(text.REJECT_REASONS)
            steps.append(("rejected", plan["closed"], note))
        elif kind == "duplicate":
            note = "Об этой проблеме уже сообщили."
            steps.append(("duplicate", plan["closed"], note))
        elif kind == "work":
            steps.append(("accepted", plan["accepted"], ""))
            if plan.get("started"):
                steps.append(("in_progress", plan["started"], ""))
            if plan["work"] == "done":
                note = plan["result"] = rng.choice(text.RESULTS)
                fixed_at = plan["finished"]
                steps.append(("fixed", fixed_at, note))
            elif plan["work"] == "cancelled":
                note = plan["reason"] = rng.choice(text.CANCEL_REASONS)
                steps.append(("closed", plan["finished"], note))
        point = rng.choice(place["points"]) if rng.random() < 0.95 else (None, None)
        named = rng.random() < 0.3
        reports.append(
            {
                "id": rid,
                "created_at": plan["created"],
                "updated_at": steps[-1][1],
                "akimat_id": place["akimat"].pk,
                "category_id": category.pk,
                "territory_id": place["territory"].pk if place["territory"] else None,
                "lat": point[0],
                "lon": point[1],
                "address": text.address(rng, required=point[0] is None)
                if point[0] is None or rng.random() < 0.5
                else "",
                "description": text.description(rng, category.code),
                "status": steps[-1][0],
                "status_changed_at": steps[-1][1],
                "public_note": note,
                "duplicate_of_id": last_of_category.get(category.pk) if kind == "duplicate" else None,
                "fixed_at": fixed_at,
                "channel": rng.choices(["web", "open311", "desk"], weights=[80, 10, 10])[0],
                "language": "kk" if rng.random() < 0.45 else "ru",
                "reporter_name": rng.choice(text.REPORTERS) if named else "",
                "reporter_token_hash": secrets.token_hex(32),
                "version": len(steps),
            }
        )
        last_of_category[category.pk] = rid
        updates.extend({"report_id": rid, "at": at, "status": status, "text": note} for status, at, note in steps)
    return reports, updates


def instruction_plans(rng: random.Random, plans: list[dict], total: int) -> list[tuple[dict, int]]:
    """(report plan, 0 for its first instruction or 1, 2… for more) for `total` instructions."""
    working = [p for p in plans if p["kind"] == "work"]
    if total <= len(working):
        return [(p, 0) for p in rng.sample(working, total)]
    chosen = [(p, 0) for p in working]
    extra, turn = total - len(working), 1
    while extra > 0:
        more = rng.sample(working, min(extra, len(working)))
        chosen += [(p, turn) for p in more]
        extra -= len(more)
        turn += 1
    return chosen


def instruction_rows(rng: random.Random, chosen: list[tuple[dict, int]], source_type_id: int, now: datetime):
    """The instructions and their events (two lists of {attname: value})."""
    instructions, events = [], []
    for iid, (plan, turn) in chosen:
        place, category, work = plan["place"], plan["category"], plan["work"]
        shift = timedelta(hours=3 * turn)
        department = category.department_id
        if turn:
            others = [d for d in place["departments"] if d != department] or [department]
            department = others[(plan["id"] + turn) % len(others)]
        village = place["territory"]
        created = plan["accepted"] + shift
        if created > now:  # a second instruction for a report accepted within the last hours
            created = plan["accepted"] + (now - plan["accepted"]) * rng.uniform(0.3, 0.9)

        def when(moment: datetime, created: datetime = created, shift: timedelta = shift) -> datetime:
            """A step of the report's work, for this instruction (a later one acts hours later)."""
            return min(max(moment + shift, created), now)

        timeline = [("created", created, "", None, plan["original"])]
        if plan.get("started"):
            timeline.append(("started", when(plan["started"]), "", None, None))
        if plan["extended_at"] is not None:
            words = "Нужны дополнительные работы."
            timeline.append(("extended", when(plan["extended_at"]), words, plan["original"], plan["deadline"]))
        if plan.get("started") and work in ("in_progress", "done") and rng.random() < 0.4:
            end = plan.get("finished", now)
            at = plan["started"] + (end - plan["started"]) * rng.uniform(0.2, 0.8)
            timeline.append(("report", when(at), rng.choice(text.PROGRESS), None, None))
        finished = when(plan["finished"]) if "finished" in plan else None
        if work == "done":
            timeline.append(("done", finished, plan["result"], None, None))
        elif work == "cancelled":
            timeline.append(("cancelled", finished, plan["reason"], None, None))
        timeline.sort(key=lambda step: step[1])
        instructions.append(
            {
                "id": iid,
                "created_at": created,
                "updated_at": timeline[-1][1],
                "number": f"{place['akimat'].number_prefix}-P{iid:06d}",
                "akimat_id": place["akimat"].pk,
                "department_id": department,
                "territory_id": village.pk if village else None,
                "title": text.title(rng, category.code, village.name_ru if village else "")[:300],
                "description": f"Сообщение о проблеме №{plan['id']}.",
                "source_type_id": source_type_id,
                "source_id": plan["id"],
                "source_kind": "problems.report",
                "status": work,
                "deadline": plan["deadline"],
                "original_deadline": plan["original"],
                "extension_count": 1 if plan["extended_at"] is not None else 0,
                "completed_at": finished if work == "done" else None,
                "done_on_time": local_date(finished) <= plan["deadline"] if work == "done" else None,
                "result": plan.get("result", "") if work == "done" else "",
                "cancel_reason": plan.get("reason", "") if work == "cancelled" else "",
                "version": len(timeline),
            }
        )
        events.extend(
            {"instruction_id": iid, "kind": kind, "at": at, "text": words, "old_deadline": old, "new_deadline": new}
            for kind, at, words, old, new in timeline
        )
    return instructions, events


def write_all(rng: random.Random, plans: list[dict], n_instructions: int, now: datetime) -> dict[str, int]:
    from django.contrib.contenttypes.models import ContentType

    from openakimat.control.models import Instruction, InstructionEvent
    from openakimat.problems.models import Report, ReportUpdate

    counts = {}
    t0 = time.perf_counter()
    plans.sort(key=lambda p: p["created"])  # numbers grow with time, as when residents send them
    first = next_id(Report)
    for k, plan in enumerate(plans):
        plan["id"] = first + k
    reports, updates = report_rows(rng, plans)
    chosen = instruction_plans(rng, plans, n_instructions)
    chosen.sort(key=lambda c: (c[0]["accepted"], c[1]))
    first = next_id(Instruction)
    numbered = [(first + k, c) for k, c in enumerate(chosen)]
    source_type = ContentType.objects.get_for_model(Report).pk
    instructions, events = instruction_rows(rng, numbered, source_type, now)
    events.sort(key=lambda e: e["at"])
    print(f"rows made: {time.perf_counter() - t0:.1f} s", flush=True)
    for model, rows in (
        (Report, reports),
        (ReportUpdate, updates),
        (Instruction, instructions),
        (InstructionEvent, events),
    ):
        t0 = time.perf_counter()
        counts[model._meta.label] = copy_rows(model, rows)
        print(f"COPY {model._meta.label}: {len(rows):,} rows in {time.perf_counter() - t0:.1f} s", flush=True)
    wrong = check(now, plans[0]["id"] if plans else 0)
    if wrong:
        raise SystemExit("nothing written, the rows would hold " + "; ".join(wrong))
    return counts


CHECKS = {
    "steps dated in the future": """
        SELECT (SELECT count(*) FROM control_instructionevent WHERE at > %(now)s)
             + (SELECT count(*) FROM problems_reportupdate WHERE at > %(now)s)
             + (SELECT count(*) FROM problems_report WHERE status_changed_at > %(now)s)""",
    "instructions made before their report": """
        SELECT count(*) FROM control_instruction i JOIN problems_report r ON r.id = i.source_id
        WHERE i.created_at < r.created_at""",
    "instructions done or cancelled before they were started": """
        SELECT count(*) FROM control_instructionevent s JOIN control_instructionevent d
          ON d.instruction_id = s.instruction_id AND d.kind IN ('done', 'cancelled')
        WHERE s.kind = 'started' AND d.at < s.at""",
    "reports with neither a point, a village nor an address": """
        SELECT count(*) FROM problems_report WHERE lat IS NULL AND territory_id IS NULL AND address = ''""",
    "instructions whose status and report's status disagree": """
        SELECT count(*) FROM control_instruction i JOIN problems_report r ON r.id = i.source_id
        WHERE r.id >= %(first)s AND NOT (i.status, r.status) IN (('assigned', 'accepted'),
          ('in_progress', 'in_progress'), ('done', 'fixed'), ('cancelled', 'closed'))""",
}


def check(now: datetime, first_report: int) -> list[str]:
    """What is wrong with the rows written (empty when nothing is)."""
    wrong = []
    with connection.cursor() as cur:
        for name, sql in CHECKS.items():
            cur.execute(sql, {"now": now, "first": first_report})
            n = cur.fetchone()[0]
            if n:
                wrong.append(f"{n:,} {name}")
    return wrong
