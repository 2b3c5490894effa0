from django.urls import path

from . import views_keys

app_name = "open311-keys"
urlpatterns = [
    path("", views_keys.signup, name="signup"),
    path("confirm/<str:token>/", views_keys.confirm, name="confirm"),
    path("revoke/<str:token>/", views_keys.revoke, name="revoke"),
]
