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
    # The link of the SMS and the receipt's QR code: the number here, the code in the fragment.
    path("track/<str:number>/", views_public.track_from_link, name="track-case"),
]
