"""Tracking as residents type it: numbers and codes with spaces, without dashes, in lower case and
with Cyrillic letters that look like Latin ones — on the web form and in the API alike."""

import pytest
from django.core.cache import cache

from openakimat.applications.tracking import (
    clean_tracking_input,
    group_code,
    normalise_number,
    normalise_tracking_code,
    track,
)

# Cyrillic letters that look like the Latin ones of a number or a code.
CYRILLIC = str.maketrans("ABCEHKMOPTX", "АВСЕНКМОРТХ")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "typed",
    [
        "AKZ-2026-000015",
        "AKZ 2026 000015",
        "AKZ2026000015",
        "akz-2026-000015",
        " akz 2026-000015 ",
        "АКZ-2026-000015",  # Cyrillic А and К
        "акz2026000015",
        "AKZ–2026–000015",  # en dashes from a word processor
        "AKZ-2026-15",  # leading zeros left out
        "AKZ.2026.000015",
        "ＡＫＺ-２０２６-００００１５",  # full-width forms
    ],
)
def test_a_number_is_read_however_it_is_typed(typed):
    assert normalise_number(typed) == "AKZ-2026-000015"


@pytest.mark.parametrize("typed", ["593430000-2026-000001", "5934300002026000001", "593430000 2026 1"])
def test_a_number_with_a_kato_prefix_is_read_too(typed):
    assert normalise_number(typed) == "593430000-2026-000001"


@pytest.mark.parametrize("typed", ["", "hello", "AKZ-20-1", "A-2026-000015", "AKZ-2026-00001X"])
def test_text_that_is_no_number_stays_no_number(typed):
    assert normalise_number(typed) in ("", typed.upper())


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ABCD-1234-EFGH5", "ABCD1234EFGH5"),
        ("abcd 1234 efgh5", "ABCD1234EFGH5"),
        ("АВСD-1234-ЕFGН5", "ABCD1234EFGH5"),  # Cyrillic А, В, С, Е, Н
        ("O1L0-IIII-OOOOO", "0110111100000"),
        ("КМРТ ХАВС ЕНКМР", "KMPTXABCEHKMP"),
    ],
)
def test_a_tracking_code_is_read_leniently(typed, read):
    assert normalise_tracking_code(typed) == read


def test_a_code_of_the_wrong_length_matches_nothing():
    assert clean_tracking_input("AKZ-2026-000015", "ABCD1234EFGH") is None
    assert clean_tracking_input("", "ABCD1234EFGH5") is None
    assert clean_tracking_input("AKZ 2026 15", "abcd-1234-efgh5") == ("AKZ-2026-000015", "ABCD1234EFGH5")


def test_the_code_is_grouped_four_four_five():
    assert group_code("ABCD1234EFGH5") == "ABCD-1234-EFGH5"


def spaced(number: str) -> str:
    return number.replace("-", " ")


def variants(case) -> list[tuple[str, str]]:
    number, code = case.number, case.tracking_code
    return [
        (spaced(number), code),
        (number.replace("-", ""), group_code(code).lower()),
        (number.translate(CYRILLIC), code.translate(CYRILLIC)),
        (number.lower().translate(CYRILLIC), " ".join(group_code(code).split("-"))),
    ]


def test_the_look_up_finds_the_case_from_every_variant(case):
    assert case.number.startswith("AKZ-")  # the Cyrillic variant does change the number
    for number, code in variants(case):
        found = track(number, code)
        assert found is not None and found.number == case.number, (number, code)


def test_the_tracking_page_finds_the_case_from_every_variant(client, case):
    for number, code in variants(case):
        response = client.post("/en/track/", {"number": number, "tracking_code": code})
        assert response.status_code == 200, (number, code)
        assert "state-registered" in response.content.decode()


def test_the_tracking_api_finds_the_case_from_every_variant(client, case):
    for number, code in variants(case):
        response = client.post(
            "/api/v1/track", {"number": number, "tracking_code": code}, content_type="application/json"
        )
        assert response.status_code == 200, (number, code)
        assert response.json()["number"] == case.number


def test_a_look_alike_of_a_wrong_code_is_still_not_found(client, case):
    wrong = "0000000000000" if case.tracking_code != "0000000000000" else "1111111111111"
    response = client.post("/en/track/", {"number": spaced(case.number), "tracking_code": wrong})
    assert response.status_code == 404
