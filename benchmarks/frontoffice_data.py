"""One million generated applications in a dedicated PostgreSQL database, for the front-office
benchmarks (benchmarks/frontoffice_bench.py).

What it does, in order:

1. creates the database if it is missing (``--fresh`` drops and recreates it), runs
   ``manage.py migrate`` and ``manage.py load_demo`` against it;
2. gives every department of the other demo akimats the services its Akzhar counterpart offers
   (the demo offers services only in Akzhar), so that the cases spread over 10 akimats;
3. writes ``--count`` applications (default 1,000,000) registered between 1 January 2024 and now,
   with their events, by PostgreSQL COPY; secondary indexes are dropped during the load and rebuilt
   afterwards; the case counters are moved to the last number used; then ANALYZE.

The data is invented: IINs pass the check digit but belong to nobody, names are drawn from short
lists, phones are in the +7 7xx range. Numbers have the real form ``<PREFIX>-<YEAR>-<6 digits>``,
tracking codes are 13 random symbols of the tracking alphabet, due dates come from
``openakimat.common.calendar.due_at`` (cached per registration day and term), and statuses follow
the workflow (registered → in progress → ready | refused → issued, or withdrawn; a few awaiting
documents). Closed cases dominate; open ones are those still inside their term. The Akzhar
construction department, whose inbox is measured, gets a backlog: exactly 10,000 open cases.

Run: ``.venv/bin/python benchmarks/frontoffice_data.py [--fresh] [--count N]``. The database is
``BENCH_DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432/openakimat_bench); the project's
own database is never touched. Re-running without ``--fresh`` on a loaded database stops without
writing.
"""

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/openakimat_bench"
# The benchmarks' own key: the generator hashes IINs with it and the benchmark server runs with it.
BENCH_SECRET_KEY = "bench-only-not-secret-frontoffice-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
TARGET_DEPARTMENT = ("AKZ", "construction")  # (akimat case prefix, department kind)
TARGET_OPEN = 10_000
TARGET_TOTAL = 40_000  # cases of the target department over the whole period
START = date(2024, 1, 1)
SEED = 20261128


def bench_env(url: str) -> dict[str, str]:
    """The environment under which manage.py and Django run against the bench database."""
    env = dict(os.environ)
    env.update(DATABASE_URL=url, SECRET_KEY=BENCH_SECRET_KEY, DEBUG=env.get("BENCH_DEBUG", "false"))
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("CELERY_BROKER_URL", "memory://")  # notifications queued, never sent
    env.setdefault("SMS_BACKEND", "log")
    return env


def setup_django(url: str) -> None:
    os.environ.update(bench_env(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_database(url: str, *, fresh: bool) -> bool:
    """Create the database (drop it first with `fresh`). True if it was created now."""
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and fresh:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
            exists = False
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return not exists


def manage(url: str, *args: str) -> None:
    env = bench_env(url)
    env["DEBUG"] = "true"  # load_demo refuses to run on a production-like configuration
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


# Invented residents ----------------------------------------------------------------------------

FIRST = [
    "Айгерим",
    "Асель",
    "Дана",
    "Жанар",
    "Камила",
    "Мадина",
    "Сауле",
    "Гульнара",
    "Алия",
    "Айжан",
    "Арман",
    "Ерлан",
    "Нурлан",
    "Данияр",
    "Бауыржан",
    "Серик",
    "Асхат",
    "Тимур",
    "Руслан",
    "Ержан",
    "Ольга",
    "Елена",
    "Наталья",
    "Ирина",
    "Татьяна",
    "Сергей",
    "Андрей",
    "Дмитрий",
    "Александр",
    "Виктор",
]
LAST = [
    "Ахметов",
    "Жумабаев",
    "Сулейменов",
    "Нургалиев",
    "Касымов",
    "Омаров",
    "Тулегенов",
    "Байжанов",
    "Искаков",
    "Садыков",
    "Смагулов",
    "Абенов",
    "Иванов",
    "Петров",
    "Сидоров",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Шевченко",
    "Ковальчук",
]
PHONE_PREFIXES = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778")


def make_residents(rng: random.Random, n: int) -> list[tuple[str, str, str, str, str, str]]:
    """(iin, iin_hash, name, phone, email, language) for `n` invented residents."""
    from openakimat.common.iin import check_digit, iin_hash

    people = []
    while len(people) < n:
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 66 * 365))
        female = rng.random() < 0.5
        century = (3 if born.year < 2000 else 5) + female
        first11 = f"{born:%y%m%d}{century}{rng.randrange(10000):04d}"
        digit = check_digit(first11)
        if digit is None:
            continue
        iin = first11 + str(digit)
        last = rng.choice(LAST)
        first = rng.choice(FIRST)
        if female and last.endswith(("ов", "ев", "ин")):
            last += "а"
        phone = f"+7{rng.choice(PHONE_PREFIXES)}{rng.randrange(10_000_000):07d}"
        email = f"resident{len(people)}@example.kz" if rng.random() < 0.3 else ""
        language = rng.choices(("kk", "ru", "en"), (55, 44, 1))[0]
        people.append((iin, iin_hash(iin), f"{last} {first}", phone, email, language))
    return people


# Lifecycle -------------------------------------------------------------------------------------

HOUR = 3600.0
DAY = 86400.0
REFUSAL_REASON = "Представленные документы не соответствуют требованиям стандарта услуги."
REFUSAL_BASIS = "Стандарт государственной услуги, пункт 9."
REQUEST_NOTE = "Принесите недостающий документ в ЦОН акимата."
WITHDRAW_NOTE = "По заявлению услугополучателя."


def lifecycle(rng: random.Random, reg: float, due: float, now: float, force_open: bool) -> dict:
    """Statuses and event moments of one case, as epoch seconds.

    Returns {"status", "events": [(at, kind, from, to, move)], "decided", "closed", "paused"}.
    """
    events = [(reg, "registered", "", "registered", "")]
    accept = reg + rng.uniform(0.2 * HOUR, 1.0 * DAY)
    if force_open:
        # A backlog: most accepted and waiting, a few never taken, a few waiting for documents.
        r = rng.random()
        if r < 0.10 or accept >= now:
            return {"status": "registered", "events": events, "decided": None, "closed": None, "paused": None}
        events.append((accept, "status", "registered", "in_progress", "accept"))
        if r < 0.15:
            paused = accept + rng.uniform(0, min(now - accept, 5 * DAY))
            events.append((paused, "status", "in_progress", "awaiting_documents", "request_documents"))
            return {"status": "awaiting_documents", "events": events, "decided": None, "closed": None, "paused": paused}
        return {"status": "in_progress", "events": events, "decided": None, "closed": None, "paused": None}
    if accept >= now:
        return {"status": "registered", "events": events, "decided": None, "closed": None, "paused": None}
    if rng.random() < 0.02:  # withdrawn at the resident's request
        at = reg + rng.uniform(0, max(due - reg, HOUR))
        if at < now:
            events.append((at, "status", "registered", "withdrawn", "withdraw"))
            return {"status": "withdrawn", "events": events, "decided": None, "closed": at, "paused": None}
    events.append((accept, "status", "registered", "in_progress", "accept"))
    decide = reg + (due - reg) * rng.uniform(0.3, 1.1)  # about one in twelve decided late
    decide = max(decide, accept + 600)
    if decide >= now:
        if rng.random() < 0.08:
            paused = accept + rng.uniform(0, now - accept)
            events.append((paused, "status", "in_progress", "awaiting_documents", "request_documents"))
            return {"status": "awaiting_documents", "events": events, "decided": None, "closed": None, "paused": paused}
        return {"status": "in_progress", "events": events, "decided": None, "closed": None, "paused": None}
    decision = "refused" if rng.random() < 0.04 else "ready"
    events.append((decide, "status", "in_progress", decision, "refuse" if decision == "refused" else "complete"))
    issue = decide + rng.uniform(0.1 * DAY, 10 * DAY)
    if issue >= now:
        return {"status": decision, "events": events, "decided": decide, "closed": None, "paused": None}
    events.append((issue, "status", decision, "issued", "issue"))
    return {"status": "issued", "events": events, "decided": decide, "closed": issue, "paused": None}


# Loading ---------------------------------------------------------------------------------------


# Online submissions by hour of the day (local time): busy in office hours, quiet at night.
HOURLY_ONLINE = [1, 1, 1, 1, 1, 2, 4, 6, 9, 10, 10, 10, 9, 10, 10, 10, 9, 8, 7, 6, 5, 4, 3, 2]


def working_moments(rng: random.Random, n: int, start: datetime, end: datetime, *, online: bool) -> list[float]:
    """`n` registration moments (epoch seconds): desk ones in office hours of working days,
    online ones at any hour, busier in the day."""
    from openakimat.common.calendar import ALMATY, is_working_day

    days = []
    d = start.astimezone(ALMATY).date()
    last = end.astimezone(ALMATY).date()
    while d <= last:
        if online or is_working_day(d):
            days.append(d)
        d += timedelta(days=1)
    out = []
    end_ts = end.timestamp()
    while len(out) < n:
        d = rng.choice(days)
        if online:
            hour = rng.choices(range(24), HOURLY_ONLINE)[0]
            seconds = hour * 3600 + rng.randrange(3600)
        else:
            seconds = 9 * 3600 + rng.randrange(9 * 3600)
        moment = datetime(d.year, d.month, d.day, tzinfo=ALMATY).timestamp() + seconds
        if moment < end_ts:
            out.append(moment)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the bench database first")
    parser.add_argument("--count", type=int, default=1_000_000, help="applications to write (default 1,000,000)")
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    if args.count < TARGET_TOTAL:
        parser.error(f"--count must be at least {TARGET_TOTAL}")

    started = time.perf_counter()
    created = ensure_database(args.url, fresh=args.fresh)
    print(f"database {args.url.rpartition('/')[2]}: {'created' if created else 'exists'}", flush=True)
    manage(args.url, "migrate", "--no-input")
    manage(args.url, "load_demo")
    setup_django(args.url)
    print(f"migrate + load_demo: {time.perf_counter() - started:.1f} s", flush=True)

    from django.db import connection
    from django.utils import timezone

    from openakimat.common import calendar

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM applications_application")
        existing = cur.fetchone()[0]
    if existing > 1000:
        print(f"the bench database already holds {existing} applications: nothing written (use --fresh)")
        return 0

    rng = random.Random(SEED)
    now_dt = timezone.now()
    now = now_dt.timestamp()
    start_dt = datetime(START.year, START.month, START.day, tzinfo=calendar.ALMATY)
    t0 = time.perf_counter()

    with connection.cursor() as cur:
        # Mirror Akzhar's offerings to the departments of the same kind elsewhere.
        cur.execute(
            """
            INSERT INTO catalogue_serviceoffering (created_at, updated_at, department_id, service_id)
            SELECT now(), now(), d.id, o.service_id
            FROM catalogue_serviceoffering o
            JOIN territory_department src ON src.id = o.department_id
            JOIN territory_department d ON d.kind = src.kind AND d.akimat_id <> src.akimat_id AND d.is_active
            ON CONFLICT DO NOTHING
            """
        )
        cur.execute(
            """
            SELECT o.department_id, d.akimat_id, a.case_prefix, d.kind, s.id, s.term_value, s.term_unit, s.online
            FROM catalogue_serviceoffering o
            JOIN territory_department d ON d.id = o.department_id
            JOIN territory_akimat a ON a.id = d.akimat_id
            JOIN catalogue_publicservice s ON s.id = o.service_id
            WHERE s.is_active AND d.is_active AND a.case_prefix <> ''
            ORDER BY o.id
            """
        )
        offerings = cur.fetchall()
        cur.execute(
            "SELECT akimat_id, department_id, role, user_id, u.username FROM accounts_rolegrant g "
            "JOIN accounts_user u ON u.id = g.user_id"
        )
        grants = cur.fetchall()
        cur.execute("SELECT akimat_id, year, last FROM applications_casecounter")
        counters = {(a, y): last for a, y, last in cur.fetchall()}
        cur.execute(
            "SELECT count(*) FROM applications_application a JOIN territory_department d ON d.id = a.department_id "
            "JOIN territory_akimat k ON k.id = d.akimat_id WHERE k.case_prefix = %s AND d.kind = %s "
            "AND a.status IN ('registered', 'in_progress', 'awaiting_documents')",
            list(TARGET_DEPARTMENT),
        )
        demo_open = cur.fetchone()[0]
        cur.execute("SELECT coalesce(max(id), 0) FROM applications_application")
        next_app_id = cur.fetchone()[0] + 1
        cur.execute("SELECT coalesce(max(id), 0) FROM applications_applicationevent")
        next_event_id = cur.fetchone()[0] + 1

    target = [o for o in offerings if (o[2], o[3]) == TARGET_DEPARTMENT]
    others = [o for o in offerings if (o[2], o[3]) != TARGET_DEPARTMENT]
    if not target:
        print("the demo has no Akzhar construction department with services", file=sys.stderr)
        return 1
    # A city akimat registers about three times what a district does.
    prefixes = sorted({o[2] for o in offerings})
    weights = {p: (3.0 if p == "PTR" else 1.0) for p in prefixes}
    other_weights = [weights[o[2]] / sum(1 for x in others if x[2] == o[2]) for o in others]
    operators = {a: (u, name) for a, _dep, role, u, name in grants if role == "operator"}
    specialists: dict[int, list[tuple[int, str]]] = {}
    for _a, dep, role, u, name in grants:
        if role in ("specialist", "head") and dep is not None:
            specialists.setdefault(dep, []).append((u, name))

    # Which offering each case is for, and whether it comes online (only where the service allows).
    picks = [rng.choice(target) for _ in range(TARGET_TOTAL)]
    picks += rng.choices(others, other_weights, k=args.count - TARGET_TOTAL)
    is_target = [True] * TARGET_TOTAL + [False] * (args.count - TARGET_TOTAL)
    online_flags = [o[7] and rng.random() < 0.35 for o in picks]
    n_online = sum(online_flags)
    desk_moments = iter(working_moments(rng, args.count - n_online, start_dt, now_dt, online=False))
    web_moments = iter(working_moments(rng, n_online, start_dt, now_dt, online=True))
    moments = [next(web_moments) if flag else next(desk_moments) for flag in online_flags]
    order = sorted(range(args.count), key=moments.__getitem__)

    # The target department's most recent cases are its backlog.
    target_recent = sorted((i for i in range(TARGET_TOTAL)), key=moments.__getitem__, reverse=True)
    force_open = set(target_recent[: TARGET_OPEN - demo_open])
    print(f"plan: {time.perf_counter() - t0:.1f} s", flush=True)

    residents = make_residents(rng, 300_000)
    print(f"residents: {time.perf_counter() - t0:.1f} s", flush=True)

    due_cache: dict[tuple, float] = {}
    # Tracking codes as services.new_tracking_code() draws them: 13 uniform symbols of its 32-letter
    # alphabet (a random byte modulo 32 is uniform), from the OS's random source.
    code_table = bytes(b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"[b % 32] for b in range(256))
    codes = os.urandom(13 * args.count).translate(code_table).decode()

    def ts(x: float) -> datetime:
        return datetime.fromtimestamp(x, UTC)

    apps_rows = []
    event_rows = []
    last_seq = dict(counters)
    open_in_target = demo_open
    app_id = next_app_id
    event_id = next_event_id
    for k, i in enumerate(order):
        department_id, akimat_id, prefix, _kind, service_id, term_value, term_unit, _online = picks[i]
        reg = moments[i]
        reg_dt = ts(reg)
        if term_unit in ("minutes", "hours"):
            due_dt = calendar.due_at(reg_dt, term_value, term_unit)
        else:
            key = (calendar.registration_day(reg_dt), term_value, term_unit)
            due_dt = due_cache.get(key)
            if due_dt is None:
                due_dt = due_cache[key] = calendar.due_at(reg_dt, term_value, term_unit)
        due = due_dt.timestamp()
        life = lifecycle(rng, reg, due, now, i in force_open)
        status = life["status"]
        if is_target[i] and status in ("registered", "in_progress", "awaiting_documents"):
            open_in_target += 1
        year = reg_dt.astimezone(calendar.ALMATY).year
        seq = last_seq.get((akimat_id, year), 0) + 1
        last_seq[(akimat_id, year)] = seq
        iin, iin_h, name, phone, email, language = residents[rng.randrange(len(residents))]
        channel = "online" if online_flags[i] else "desk"
        operator = operators.get(akimat_id) if channel == "desk" else None
        staff = specialists.get(department_id)
        assignee = None
        if staff and status not in ("registered",) and rng.random() < 0.8:
            assignee = rng.choice(staff)
        refused = any(e[3] == "refused" for e in life["events"])
        last_at = life["events"][-1][0]
        apps_rows.append(
            (
                app_id,
                reg_dt,
                ts(last_at),
                f"{prefix}-{year}-{seq:06d}",
                year,
                seq,
                codes[13 * k : 13 * k + 13],
                channel,
                status,
                len(life["events"]),
                reg_dt,
                due_dt,
                False,
                ts(life["paused"]) if life["paused"] else None,
                ts(life["decided"]) if life["decided"] else None,
                ts(life["closed"]) if life["closed"] else None,
                iin,
                iin_h,
                name,
                phone,
                email,
                language,
                reg_dt,
                REQUEST_NOTE if status == "awaiting_documents" else "",
                REFUSAL_REASON if refused else "",
                REFUSAL_BASIS if refused else "",
                akimat_id,
                department_id,
                service_id,
                assignee[0] if assignee else None,
                operator[0] if operator else None,
            )
        )
        for at, ev_kind, from_status, to_status, move in life["events"]:
            if ev_kind == "registered":
                actor = operator
                label = operator[1] if operator else ("resident" if channel == "online" else "front office")
                data = f'{{"channel": "{channel}", "documents": {rng.randint(1, 3)}}}'
                note = ""
            else:
                actor = assignee if move not in ("issue", "withdraw") else operators.get(akimat_id)
                label = actor[1] if actor else "staff"
                data = f'{{"move": "{move}"}}'
                note = {"request_documents": REQUEST_NOTE, "refuse": REFUSAL_REASON, "withdraw": WITHDRAW_NOTE}.get(
                    move, ""
                )
            event_rows.append(
                (
                    event_id,
                    ts(at),
                    label,
                    ev_kind,
                    from_status,
                    to_status,
                    note,
                    data,
                    actor[0] if actor else None,
                    app_id,
                )
            )
            event_id += 1
        app_id += 1
    print(
        f"rows built: {len(apps_rows)} applications, {len(event_rows)} events, {time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    if open_in_target != TARGET_OPEN:
        print(f"the target department got {open_in_target} open cases instead of {TARGET_OPEN}", file=sys.stderr)
        return 1

    app_columns = (
        "id, created_at, updated_at, number, year, sequence, tracking_code, channel, status, version, "
        "registered_at, due_at, term_extended, paused_at, decided_at, closed_at, applicant_iin, "
        "applicant_iin_hash, applicant_name, applicant_phone, applicant_email, language, consent_at, "
        "public_note, refusal_reason, refusal_basis, akimat_id, department_id, service_id, assignee_id, "
        "registered_by_id"
    )
    event_columns = "id, at, actor_label, kind, from_status, to_status, note, data, actor_id, application_id"
    raw = connection.connection  # psycopg 3
    with raw.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET synchronous_commit = off")
        # The rows' foreign keys are taken from the database above; their triggers are skipped
        # during the load (a superuser setting) and the keys are checked in one pass afterwards.
        cur.execute("SET session_replication_role = replica")
        # Secondary indexes that back no constraint: dropped for the load, rebuilt after it.
        cur.execute(
            """
            SELECT indexname, indexdef FROM pg_indexes
            WHERE tablename IN ('applications_application', 'applications_applicationevent')
              AND indexname NOT IN (SELECT conname FROM pg_constraint)
            """
        )
        indexes = cur.fetchall()
        for name, _def in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        t1 = time.perf_counter()
        with cur.copy(f"COPY applications_application ({app_columns}) FROM STDIN") as copy:
            for row in apps_rows:
                copy.write_row(row)
        print(f"COPY applications: {time.perf_counter() - t1:.1f} s", flush=True)
        t1 = time.perf_counter()
        with cur.copy(f"COPY applications_applicationevent ({event_columns}) FROM STDIN") as copy:
            for row in event_rows:
                copy.write_row(row)
        print(f"COPY events: {time.perf_counter() - t1:.1f} s", flush=True)
        t1 = time.perf_counter()
        for _name, definition in indexes:
            cur.execute(definition)
        print(f"indexes rebuilt ({len(indexes)}): {time.perf_counter() - t1:.1f} s", flush=True)
        cur.execute("SET session_replication_role = DEFAULT")
        t1 = time.perf_counter()
        cur.execute(
            """
            SELECT
              (SELECT count(*) FROM applications_applicationevent e
                 LEFT JOIN applications_application a ON a.id = e.application_id WHERE a.id IS NULL)
            + (SELECT count(*) FROM applications_application a
                 LEFT JOIN catalogue_serviceoffering o ON o.department_id = a.department_id
                   AND o.service_id = a.service_id
                 LEFT JOIN territory_department d ON d.id = a.department_id AND d.akimat_id = a.akimat_id
                 WHERE o.id IS NULL OR d.id IS NULL)
            """
        )
        broken = cur.fetchone()[0]
        print(f"references checked ({broken} broken): {time.perf_counter() - t1:.1f} s", flush=True)
        if broken:
            raw.rollback()
            print("rows with broken references: nothing written", file=sys.stderr)
            return 1
        for table in ("applications_application", "applications_applicationevent"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
        for (akimat_id, year), last in last_seq.items():
            cur.execute(
                "INSERT INTO applications_casecounter (akimat_id, year, last) VALUES (%s, %s, %s) "
                "ON CONFLICT (akimat_id, year) DO UPDATE SET last = GREATEST(applications_casecounter.last, "
                "EXCLUDED.last)",
                [akimat_id, year, last],
            )
    raw.commit()
    t1 = time.perf_counter()
    raw.autocommit = True
    with raw.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) applications_application")
        cur.execute("VACUUM (ANALYZE) applications_applicationevent")
        cur.execute("ANALYZE")
    print(f"VACUUM ANALYZE: {time.perf_counter() - t1:.1f} s", flush=True)
    with connection.cursor() as cur:
        cur.execute("SELECT status, count(*) FROM applications_application GROUP BY 1 ORDER BY 2 DESC")
        summary = ", ".join(f"{s} {n}" for s, n in cur.fetchall())
    print(f"statuses: {summary}")
    print(
        f"generated {len(apps_rows)} applications and {len(event_rows)} events in "
        f"{time.perf_counter() - started:.1f} s (total, including migrate and load_demo)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
