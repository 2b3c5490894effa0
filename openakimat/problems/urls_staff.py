from django.urls import path

from . import views_staff as views

app_name = "problems_staff"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:report_id>/", views.report_detail, name="report"),
    path("<int:report_id>/accept/", views.report_accept, name="accept"),
    path("<int:report_id>/merge/", views.report_merge, name="merge"),
    path("<int:report_id>/reject/", views.report_reject, name="reject"),
    path("<int:report_id>/update/", views.report_update, name="update"),
    path("<int:report_id>/redact/", views.report_redact, name="redact"),
]
