"""Fees in МРП with their amount in tenge for the current year; free stated as free."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation

from openakimat.catalogue.fees import mrp_for, service_fee
from openakimat.catalogue.services import public_service_update

from .conftest import SYSTEM, make_service

MRP = {2025: 3932, 2026: 4325}
# One figure in the past: whatever today's year, the pages price with it, without a frozen clock.
PAST = {2020: 4325}


@pytest.fixture
def divorce(db):
    return make_service("ZAGS-03", en="Dissolution of marriage", fee=None, fee_mrp=Decimal(2))


@override_settings(MRP_BY_YEAR=MRP)
def test_a_fee_in_mrp_is_priced_with_the_year_s_index(divorce):
    assert mrp_for(2026) == (2026, 4325)
    assert mrp_for(2030) == (2026, 4325)  # a year without its figure uses the latest earlier
    assert mrp_for(2020) is None
    fee = service_fee(divorce, today=date(2025, 12, 31))
    assert (fee.free, fee.mrp, fee.tenge, fee.year, fee.index) == (False, 2, 7864, 2025, 3932)
    assert service_fee(divorce, today=date(2026, 1, 1)).tenge == 8650


@override_settings(MRP_BY_YEAR=MRP)
def test_half_an_mrp_keeps_its_tiyn(db):
    service = make_service("ZAGS-05", fee=None, fee_mrp=Decimal("0.5"))
    fee = service_fee(service, today=date(2026, 3, 1))
    assert (fee.mrp, fee.tenge) == (Decimal("0.5"), Decimal("2162.50"))


def test_free_and_fixed_and_unstated_fees(birth, marriage):
    assert service_fee(birth).free
    assert service_fee(marriage).tenge == 3450 and service_fee(marriage).mrp is None
    unknown = public_service_update(
        actor=SYSTEM, service=birth, fee=None, fee_note_ru="Госпошлина по Налоговому кодексу"
    )
    with translation.override("ru"):
        fee = service_fee(unknown)
    assert not fee.known and fee.note == "Госпошлина по Налоговому кодексу"


def test_a_fee_in_mrp_and_one_in_tenge_are_never_both_set(marriage):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        public_service_update(actor=SYSTEM, service=marriage, fee_mrp=Decimal(1))


@override_settings(MRP_BY_YEAR=PAST)
@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", "8,650&nbsp;₸: 2 MRP, at 4,325&nbsp;₸ per MRP in 2020"),
        ("ru", "8\xa0650&nbsp;₸: 2 МРП, в 2020 году 1 МРП = 4\xa0325&nbsp;₸"),
        ("kk", "8\xa0650&nbsp;₸: 2 АЕК, 2020 жылы 1 АЕК = 4\xa0325&nbsp;₸"),
    ],
)
def test_the_service_page_shows_mrp_and_tenge_in_each_language(client, divorce, lang, shown):
    html = client.get(f"/{lang}/services/ZAGS-03/").content.decode()
    assert shown in html


def test_a_fee_given_only_as_a_note_reads_once_without_a_doubled_label(client, birth):
    public_service_update(
        actor=SYSTEM, service=birth, fee=None, fee_note_ru="Государственная пошлина по Налоговому кодексу"
    )
    html = client.get("/ru/services/ZAGS-01/").content.decode()
    assert "<dt>Стоимость</dt><dd>Государственная пошлина по Налоговому кодексу</dd>" in html
    assert "Стоимость: " not in html
    listing = client.get("/ru/services/").content.decode()
    assert "Государственная пошлина по Налоговому кодексу" in listing and "Стоимость: " not in listing


def test_a_fee_without_amount_or_note_says_to_ask(client, birth):
    public_service_update(actor=SYSTEM, service=birth, fee=None)
    html = client.get("/en/services/ZAGS-01/").content.decode()
    assert "<dt>Fee</dt><dd>Not stated in the register: ask at the front office</dd>" in html


def test_a_free_service_says_free_in_every_language(client, birth):
    for lang, word in (("en", "Free"), ("ru", "Бесплатно"), ("kk", "Тегін")):
        assert f"<dd>{word}</dd>" in client.get(f"/{lang}/services/ZAGS-01/").content.decode()


@override_settings(MRP_BY_YEAR=PAST)
def test_the_api_gives_the_fee_in_mrp_and_tenge(client, divorce, birth):
    body = client.get("/api/v1/services/ZAGS-03").json()
    assert body["fee"] is None
    assert body["fee_detail"] == {"free": False, "mrp": "2", "tenge": "8650", "year": 2020, "mrp_tenge": 4325}
    listed = {s["code"]: s["fee_detail"] for s in client.get("/api/v1/services").json()["items"]}
    assert listed["ZAGS-01"]["free"] is True and listed["ZAGS-01"]["tenge"] is None
