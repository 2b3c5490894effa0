from django.urls import path

from . import views_public

app_name = "appeals"

urlpatterns = [
    path("", views_public.published_list, name="list"),
    path("write/", views_public.write, name="write"),
    path("receipt/", views_public.receipt, name="receipt"),
    path("track/", views_public.track, name="track"),
    path("<str:number>/", views_public.published_detail, name="detail"),
]
