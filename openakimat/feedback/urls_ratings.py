from django.urls import path

from . import views_ratings as views

app_name = "ratings"
urlpatterns = [
    # The number and tracking code travel in the POST body, never in the address.
    path("application/", views.rate_application, name="application"),
    # The ticket's own token (its QR code) and the SMS link's token: unguessable, nothing personal.
    path("visit/<str:token>/", views.rate_visit, name="visit"),
    path("r/<str:token>/", views.rate_invite, name="invite"),
]
