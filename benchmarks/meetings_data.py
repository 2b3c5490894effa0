"""Meetings, receptions and news of a whole region over three years, in a dedicated PostgreSQL
database, for the benchmark of the meeting lists, the public calendar and the feeds
(benchmarks/problem_register_bench.py run with their addresses; see benchmarks/RESULTS.md).

    .venv/bin/python benchmarks/meetings_data.py [--database oa_mbench] [--per-akimat 150] [--reset]

What it does, in order:

1. creates the database if it is missing, runs ``manage.py migrate`` and ``manage.py load_demo``
   against it (with the benchmarks' SECRET_KEY, as the benchmark server runs);
2. for every akimat of the demo, writes ``--per-akimat`` meetings a year over the three years
   around today (two years back, one ahead): akimat meetings, public hearings (with a consultation
   deadline), maslikhat sessions and working groups, in person, online or hybrid, 3 % cancelled,
   each with four to seven agenda items; the past ones with minutes in the three languages (a
   tenth without a Kazakh version); a third as many open receptions; and as many news items and
   announcements as meetings, a few pinned, a tenth without an English version;
3. ANALYZE.

Rows go through the ORM's bulk_create in one transaction (every default of the models applies);
nothing is audited and no message is queued: this is data for reading. The texts are invented and
say so. Re-running on a database that already holds more meetings than the demo's own stops without
writing; ``--reset`` empties the meeting, reception and news tables first (in that database only)
and load_demo makes the demo's own again.
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import frontoffice_data as fd  # noqa: E402 - database creation, manage.py, the benchmarks' key

SEED = 20261129
DEMO_AT_MOST = 500
DISTRICT = "593400000"  # Akzhar

TOPICS = [
    ("Жылыту маусымына дайындық", "О подготовке к отопительному сезону", "Preparing for the heating season"),
    ("Ауыл жолдарын жөндеу", "О ремонте сельских дорог", "Repair of rural roads"),
    ("Көктемгі егіс жұмыстары", "О весенне-полевых работах", "Spring field work"),
    ("Жергілікті бюджеттің атқарылуы", "Об исполнении местного бюджета", "Execution of the local budget"),
    ("Жастарды жұмыспен қамту", "О занятости молодёжи", "Youth employment"),
    ("Мектептерді жаңа оқу жылына дайындау", "О подготовке школ к учебному году", "Schools ready for the year"),
    ("Су құбыры желілерін жаңғырту", "О модернизации водопроводных сетей", "Upgrading the water mains"),
    ("Қоқыс шығару кестесі", "О графике вывоза мусора", "Waste collection schedule"),
]
KINDS = [("akimat", 55), ("hearing", 15), ("session", 10), ("working_group", 20)]
FORMATS = [("in_person", 40), ("online", 20), ("hybrid", 40)]
INVENTED = "[Демонстрация / Demonstration: invented text]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="oa_mbench", help="PostgreSQL database (127.0.0.1:5432, user postgres)")
    parser.add_argument("--per-akimat", type=int, default=150, help="meetings per akimat and year")
    parser.add_argument("--reset", action="store_true", help="empty the meeting, reception and news tables first")
    args = parser.parse_args()

    url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    started = time.perf_counter()
    fd.ensure_database(url, fresh=False)
    fd.manage(url, "migrate", "--no-input")
    fd.setup_django(url)

    from django.db import connection, transaction
    from django.utils import timezone

    from openakimat.meetings.models import AgendaItem, Meeting, Minutes
    from openakimat.news.models import Item
    from openakimat.receptions.models import Reception
    from openakimat.territory.models import Akimat

    if args.reset:
        with connection.cursor() as cur:
            tables = [m._meta.db_table for m in (Meeting, Reception, Item)]
            cur.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
    fd.manage(url, "load_demo")
    print(f"database ready (migrate, load_demo): {time.perf_counter() - started:.0f} s", flush=True)

    rng = random.Random(SEED)
    now = timezone.now()
    first = now - timedelta(days=730)
    span = 3 * 365 * 86400
    akimats = list(Akimat.objects.order_by("pk"))
    with transaction.atomic():
        if Meeting.objects.count() > DEMO_AT_MOST:
            print(f"{args.database} already holds generated meetings: nothing written (--reset)", file=sys.stderr)
            return 1
        meetings, receptions, items = [], [], []
        for akimat in akimats:
            for _ in range(args.per_akimat * 3):
                starts = first + timedelta(seconds=rng.randrange(span))
                starts = starts.replace(minute=rng.choice((0, 30)), second=0, microsecond=0)
                kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
                kk, ru, en = rng.choice(TOPICS)
                meetings.append(
                    Meeting(
                        akimat=akimat,
                        title_kk=kk if rng.random() > 0.1 else "",
                        title_ru=ru,
                        title_en=f"{en} {INVENTED}",
                        kind=kind,
                        format=rng.choices([f for f, _ in FORMATS], [w for _, w in FORMATS])[0],
                        starts_at=starts,
                        ends_at=starts + timedelta(minutes=rng.choice((60, 90, 120))),
                        place_ru="Актовый зал акимата",
                        place_kk="Әкімдіктің мәжіліс залы",
                        place_en="The akimat's assembly hall",
                        stream_url="https://www.youtube.com/watch?v=demo" if rng.random() < 0.6 else "",
                        status="cancelled" if rng.random() < 0.03 else "scheduled",
                        published=True,
                        published_at=starts - timedelta(days=7),
                        questions_open_until=starts - timedelta(days=1) if kind == "hearing" else None,
                        sequence=rng.choice((0, 0, 0, 1, 2)),
                    )
                )
            for _ in range(args.per_akimat):
                day = first + timedelta(days=rng.randrange(3 * 365))
                starts = day.replace(hour=rng.randint(5, 11), minute=0, second=0, microsecond=0)  # 10:00-16:00 local
                receptions.append(
                    Reception(
                        akimat=akimat,
                        host_name_kk="Әкім (демонстрация)",
                        host_name_ru="Аким (демонстрация)",
                        host_name_en="The akim (demonstration)",
                        host_position_kk="Аудан әкімі",
                        host_position_ru="Аким района",
                        host_position_en="District akim",
                        starts_at=starts,
                        capacity=8,
                        place_ru="Кабинет акима",
                        status="cancelled" if rng.random() < 0.03 else "scheduled",
                    )
                )
            for n in range(args.per_akimat * 3):
                kk, ru, en = rng.choice(TOPICS)
                published = first + timedelta(seconds=rng.randrange(2 * 365 * 86400))
                items.append(
                    Item(
                        akimat=akimat,
                        kind=rng.choice(("news", "news", "announcement")),
                        title_kk=kk,
                        title_ru=ru,
                        title_en=f"{en} {INVENTED}" if rng.random() > 0.1 else "",
                        lead_kk=kk,
                        lead_ru=f"{ru}. {INVENTED}",
                        lead_en=en,
                        body_kk=f"<p>{kk}. {INVENTED}</p>",
                        body_ru=f"<p>{ru}. {INVENTED}</p>",
                        body_en=f"<p>{en}. {INVENTED}</p>",
                        status="published",
                        published_at=published,
                        pinned=n < 2,
                        is_demo=True,
                    )
                )
        t0 = time.perf_counter()
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        agenda, minutes = [], []
        for meeting in meetings:
            for order in range(rng.randint(4, 7)):
                kk, ru, en = rng.choice(TOPICS)
                agenda.append(
                    AgendaItem(
                        meeting=meeting,
                        order=order,
                        title_kk=kk,
                        title_ru=ru,
                        title_en=en,
                        presenter_name="Докладчик (демонстрация)",
                        presenter_position_ru="Руководитель отдела",
                        duration_minutes=rng.choice((10, 15, 20)),
                    )
                )
            if meeting.ends_at < now and meeting.status != "cancelled":
                minutes.append(
                    Minutes(
                        meeting=meeting,
                        body_kk="" if rng.random() < 0.1 else f"<p>Хаттама. {INVENTED}</p>",
                        body_ru=f"<p>Протокол заседания. {INVENTED}</p>",
                        body_en=f"<p>Minutes. {INVENTED}</p>",
                        published_at=meeting.ends_at + timedelta(days=2),
                    )
                )
        AgendaItem.objects.bulk_create(agenda, batch_size=5000)
        Minutes.objects.bulk_create(minutes, batch_size=2000)
        Reception.objects.bulk_create(receptions, batch_size=2000)
        Item.objects.bulk_create(items, batch_size=2000)
        print(
            f"{len(meetings):,} meetings, {len(agenda):,} agenda items, {len(minutes):,} minutes, "
            f"{len(receptions):,} receptions, {len(items):,} news items over {len(akimats)} akimats: "
            f"{time.perf_counter() - t0:.0f} s",
            flush=True,
        )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
