"""The register's figures: done on time among done, overdue now, median days to done."""

from datetime import timedelta

from django.utils import timezone

from openakimat.control import figures, services
from openakimat.control.models import Instruction

from .conftest import SYSTEM, make_instruction, make_overdue


def finish(instruction, days_taken: float, on_time: bool = True):
    done = services.instruction_complete(actor=SYSTEM, instruction=instruction, result="Done")
    created = done.completed_at - timedelta(days=days_taken)
    Instruction.objects.filter(pk=done.pk).update(created_at=created, done_on_time=on_time)


def test_figures_per_department_and_in_total(
    akim, akzhar_akimat, akzhar_construction, akzhar_education, aiyrtau_construction
):
    def make(department, akimat=akzhar_akimat):
        return make_instruction(SYSTEM, akimat, department)

    finish(make(akzhar_construction), 2)
    finish(make(akzhar_construction), 4)
    finish(make(akzhar_construction), 10, on_time=False)
    make_overdue(make(akzhar_construction))
    make(akzhar_construction)
    finish(make(akzhar_education), 1)
    make_overdue(make(aiyrtau_construction, aiyrtau_construction.akimat))  # another district: not counted

    table = figures.compute(akimat=akzhar_akimat)
    rows = {row.key: row for row in table.rows}
    construction = rows[akzhar_construction.pk]
    assert (construction.total, construction.open, construction.done, construction.overdue) == (5, 2, 3, 1)
    assert construction.on_time_percent == 67
    assert construction.median_days == 4.0
    assert construction.name == akzhar_construction.name
    education = rows[akzhar_education.pk]
    assert (education.done, education.on_time_percent, education.overdue, education.median_days) == (1, 100, 0, 1.0)
    assert (table.total.total, table.total.done, table.total.overdue, table.total.median_days) == (6, 4, 1, 3.0)
    assert table.rows[0].key == akzhar_construction.pk  # the most overdue first


def test_figures_per_akimat_for_the_region(akzhar_akimat, akzhar_construction, aiyrtau_construction):
    make_overdue(make_instruction(SYSTEM, akzhar_akimat, akzhar_construction))
    make_instruction(SYSTEM, aiyrtau_construction.akimat, aiyrtau_construction)
    table = figures.compute(akimat=None, by=figures.BY_AKIMAT)
    assert {(row.key, row.overdue, row.open) for row in table.rows} == {
        (akzhar_akimat.pk, 1, 1),
        (aiyrtau_construction.akimat_id, 0, 1),
    }
    assert table.total.on_time_percent is None and table.total.median_days is None


def test_nothing_yet(akzhar_akimat):
    table = figures.compute(akimat=akzhar_akimat, today=timezone.localdate())
    assert table.rows == [] and table.total.total == 0


def test_the_cached_figures_are_kept_for_a_while(akzhar_akimat, akzhar_construction, django_assert_num_queries):
    make_instruction(SYSTEM, akzhar_akimat, akzhar_construction)
    first = figures.cached(akimat=akzhar_akimat)
    with django_assert_num_queries(0):
        again = figures.cached(akimat=akzhar_akimat)
    assert again.total.total == first.total.total == 1
