from django.urls import path

from . import views_staff as views

app_name = "meetings-staff"
urlpatterns = [
    path("", views.meeting_list, name="list"),
]
