"""The problem register's pages, under /<language>/problems/.

The resident's side (report, the report's page, the private link, following) is below; the staff's
triage pages, the public map and list, and the feeds are added in the marked block."""

from django.urls import path

from . import views_report

app_name = "problems"

urlpatterns = [
    # -- the resident reports and follows (views_report.py) --
    path("report/", views_report.report_start, name="report-start"),
    path("report/<str:kato>/", views_report.report_new, name="report-new"),
    path("<int:pk>/", views_report.report_detail, name="report"),
    path("<int:pk>/thanks/", views_report.report_thanks, name="thanks"),
    path("<int:pk>/mine/", views_report.report_mine, name="mine"),
    path("<int:pk>/follow/", views_report.report_follow, name="follow"),
    path("follow/confirm/", views_report.follow_confirm, name="follow-confirm"),
    path("unsubscribe/", views_report.unsubscribe, name="unsubscribe"),
    # -- staff triage, the public map and list, RSS/Atom feeds and area alerts go here --
    # (views_staff.py, views_public_list.py…: added at merge time by the triage side)
    # -- end of the triage side's patterns --
]
