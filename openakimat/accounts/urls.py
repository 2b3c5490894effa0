from django.urls import path

from . import views

urlpatterns = [
    path("", views.staff_home, name="staff-home"),
    path("login/", views.staff_login, name="staff-login"),
    path("login/verify/", views.staff_verify, name="staff-verify"),
    path("logout/", views.staff_logout, name="staff-logout"),
    path("akimats/<str:kato>/", views.staff_akimat, name="staff-akimat"),
]
