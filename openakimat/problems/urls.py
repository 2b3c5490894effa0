"""The problem register's pages, under /<language>/problems/.

The resident's side (report, the report's page, the private link, following); the staff's triage
pages, the public map and list, the feeds and the area alerts have their own URL modules."""

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
    # Staff triage (urls_staff.py, namespace "problems_staff") and the public list, map, feeds and
    # area alerts (urls_public_list.py, namespace "problem_map") are included from config/urls.py.
]
