"""The public register's addresses (under /<language>/problems/): the list, the map's data, the
feeds and the area alerts. The report's own page and the reporting form are the resident side's
(`urls.py`, namespace "problems")."""

from django.urls import path

from . import views_public_list as views
from .feeds import ReportsAtom, ReportsRss

app_name = "problem_map"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("map.geojson", views.report_geojson, name="geojson"),
    path("feeds/rss.xml", ReportsRss(), name="rss"),
    path("feeds/atom.xml", ReportsAtom(), name="atom"),
    path("feeds/<str:kato>/rss.xml", ReportsRss(), name="area-rss"),
    path("feeds/<str:kato>/atom.xml", ReportsAtom(), name="area-atom"),
    path("alerts/", views.alert_request, name="alerts"),
    path("alerts/sent/", views.alert_sent, name="alert-sent"),
    path("alerts/confirm/<str:token>/", views.alert_confirm, name="alert-confirm"),
    path("alerts/stop/<str:token>/", views.alert_unsubscribe, name="alert-unsubscribe"),
]
