from django.urls import path

from . import views_staff as views

app_name = "control-staff"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<str:instruction>/", views.detail, name="detail"),
    path("<str:instruction>/move/<slug:move>/", views.move, name="move"),
    path("<str:instruction>/report/", views.report, name="report"),
    path("<str:instruction>/extend/", views.extend, name="extend"),
    path("<str:instruction>/reassign/", views.reassign, name="reassign"),
]
