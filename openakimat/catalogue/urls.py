from django.urls import path

from . import views

urlpatterns = [
    path("", views.service_list, name="service-list"),
    # Register codes are capital letters, so "situations" is never one.
    path("situations/", views.situation_list, name="service-situations"),
    path("<str:code>/", views.service_detail, name="service-detail"),
]
