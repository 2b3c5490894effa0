from django.urls import path, re_path

from . import feeds
from . import views_public as views

app_name = "news"
KATO = r"(?P<kato>[0-9]{9})"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("rss/", feeds.NewsRss(), name="rss"),
    path("atom/", feeds.NewsAtom(), name="atom"),
    # An akimat's news, by its territory's KATO code, its feeds and its items.
    re_path(rf"^{KATO}/$", views.item_list, name="akimat"),
    re_path(rf"^{KATO}/rss/$", feeds.NewsRss(), name="akimat-rss"),
    re_path(rf"^{KATO}/atom/$", feeds.NewsAtom(), name="akimat-atom"),
    re_path(rf"^{KATO}/(?P<pk>[0-9]{{1,12}})/$", views.item_detail, name="item"),
]
