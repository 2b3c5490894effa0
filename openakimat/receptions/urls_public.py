from django.urls import path

from . import views_public as views

app_name = "receptions"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sign-up/", views.signup, name="signup"),
    # The resident's own sign-up, by the unguessable token of its link (never the phone).
    path("my/<str:token>/", views.mine, name="mine"),
]
