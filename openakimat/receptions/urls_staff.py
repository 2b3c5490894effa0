from django.urls import path

from . import views_staff as views

app_name = "receptions-staff"
urlpatterns = [
    path("", views.reception_list, name="list"),
    path("new/", views.reception_new, name="new"),
    path("<int:reception>/", views.reception_detail, name="detail"),
    path("<int:reception>/attendance/", views.signup_mark, name="mark"),
    path("<int:reception>/problems/", views.problem_record, name="problem"),
    path("<int:reception>/problems/assign/", views.problem_assign, name="assign"),
    path("<int:reception>/cancel/", views.reception_cancel, name="cancel"),
    path("<int:reception>/held/", views.reception_close, name="close"),
]
