from django.urls import path, re_path

from . import views

app_name = "agenda"
urlpatterns = [
    path("", views.calendar_all, name="index"),
    # The feeds: all events of an akimat (or of all akimats), and one kind of them.
    re_path(r"^(?P<kato>all|\d{9})\.ics$", views.feed, name="feed"),
    re_path(r"^(?P<kato>all|\d{9})/(?P<kind>[a-z0-9_-]{1,40})\.ics$", views.kind_feed, name="kind-feed"),
    re_path(r"^(?P<kato>\d{9})/$", views.calendar_akimat, name="akimat"),
]
