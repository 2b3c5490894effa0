import io

from openakimat.news import services

from .conftest import SYSTEM, draft, png


def test_the_list_shows_published_items_pinned_first(client, published, full_item, ru_item, secretariat):
    services.item_pin(actor=secretariat, item=published)
    draft_item = services.item_create(
        actor=SYSTEM, akimat=published.akimat, draft=draft(title_en="Draft", body_en="<p>x</p>")
    )
    body = client.get("/api/v1/news").json()
    ids = [i["id"] for i in body["items"]]
    assert ids == [published.pk, full_item.pk] and draft_item.pk not in ids
    first = body["items"][0]
    assert first["languages"] == ["ru"] and first["title"] == {"kk": None, "ru": "Ремонт дороги", "en": None}
    assert first["akimat"]["kato"] == published.akimat.territory.kato and body["next_page"] is None


def test_filters_and_unknowns(client, published, full_item, category):
    assert [i["id"] for i in client.get("/api/v1/news?kind=announcement").json()["items"]] == [full_item.pk]
    assert [i["id"] for i in client.get("/api/v1/news?category=roads").json()["items"]] == [published.pk]
    assert client.get("/api/v1/news?category=nothing").status_code == 404
    assert client.get("/api/v1/news?akimat=000000000").status_code == 404
    assert client.get("/api/v1/news?kind=gossip").status_code == 422


def test_one_item_with_body_photos_and_links(client, full_item, secretariat):
    services.photo_add(
        actor=secretariat,
        item=full_item,
        file=io.BytesIO(png()),
        name="p.png",
        alts={"kk": "Жол", "ru": "Дорога", "en": "Road"},
    )
    body = client.get(f"/api/v1/news/{full_item.pk}").json()
    assert body["body"]["en"] == "<p>The repair has started.</p>"
    assert body["photos"][0]["alt"] == {"kk": "Жол", "ru": "Дорога", "en": "Road"}
    assert body["links"] == []


def test_a_draft_or_a_huge_id_is_not_found(client, ru_item):
    assert client.get(f"/api/v1/news/{ru_item.pk}").status_code == 404
    assert client.get(f"/api/v1/news/{2**63}").status_code in (404, 422)
