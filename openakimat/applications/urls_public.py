from django.urls import path

from . import views_public

app_name = "frontoffice"
urlpatterns = [
    # Before the service code: "receipt" is never a register code (those are capitals), but the
    # order makes it plain.
    path("apply/receipt/", views_public.receipt, name="receipt"),
    path("apply/receipt/statement/", views_public.statement, name="statement"),
    path("apply/<str:code>/", views_public.apply, name="apply"),
    path("track/", views_public.track, name="track"),
]
