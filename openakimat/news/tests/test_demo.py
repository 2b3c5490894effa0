from openakimat.demo import news as news_demo
from openakimat.news.models import Item, Status

from .conftest import SYSTEM


def test_the_demo_news_is_marked_and_loads_once(akzhar_akimat):
    assert news_demo.load(SYSTEM, akzhar_akimat) == 3
    assert news_demo.load(SYSTEM, akzhar_akimat) == 0
    items = list(Item.objects.all())
    assert len(items) == 3 and all(item.is_demo for item in items)
    assert all("ДЕМО" in item.title_ru or "Demo" in item.title_en for item in items)
    assert Item.objects.filter(status=Status.PUBLISHED, pinned=True).count() == 1
    road = Item.objects.get(title_ru__contains="дороги")
    assert road.languages == ["kk", "ru"]


def test_a_demo_item_says_it_is_demonstration(client, akzhar_akimat):
    news_demo.load(SYSTEM, akzhar_akimat)
    item = Item.objects.get(pinned=True)
    html = client.get(f"/en/news/{akzhar_akimat.territory.kato}/{item.pk}/").content.decode()
    assert "Demonstration data" in html
