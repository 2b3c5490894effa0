from django.urls import path

from . import views_staff as views

app_name = "problems_staff"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/accept/", views.report_accept, name="accept"),
    path("<int:pk>/merge/", views.report_merge, name="merge"),
    path("<int:pk>/reject/", views.report_reject, name="reject"),
    path("<int:pk>/update/", views.report_update, name="update"),
    path("<int:pk>/redact/", views.report_redact, name="redact"),
]
