from django.urls import path

from . import views_corruption as views

app_name = "corruption"
urlpatterns = [
    path("", views.report_new, name="new"),
    path("track/", views.report_track, name="track"),
    path("track/add/", views.report_add, name="add"),
]
