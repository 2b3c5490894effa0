from openakimat.common import publish


def test_the_register_page_collects_what_the_front_office_publishes_about_a_service(db):
    from decimal import Decimal

    from openakimat.catalogue.services import public_service_create
    from openakimat.common.actor import SystemActor

    service = public_service_create(
        actor=SystemActor("tests"),
        code="CONS-09",
        department_kind="construction",
        name_en="Address reference",
        name_ru="Адресная справка",
        name_kk="Мекенжай анықтамасы",
        term_value=1,
        term_unit="working_days",
        fee=Decimal(0),
        online=True,
        documents=[],
    )
    figures = publish.collect("catalogue.service", service)
    # Registered by the applications app in its ready(): the register never imports it.
    assert {"applications", "decided", "consultations"} <= set(figures)


def test_a_provider_registered_twice_counts_once_and_topics_stay_apart():
    calls = []

    def provider(obj):
        calls.append(obj)
        return {"seen": obj}

    publish.register("tests.topic", provider)
    publish.register("tests.topic", provider)
    assert publish.collect("tests.topic", 7) == {"seen": 7}
    assert calls == [7]
    assert publish.collect("tests.other", 7) == {}
