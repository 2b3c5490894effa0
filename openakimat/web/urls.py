from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("service-akimats/", views.service_akimats, name="service-akimats"),
    path("regions/<str:kato>/service-akimats/", views.region_service_akimats, name="region-service-akimats"),
    path("akimats/<str:kato>/", views.akimat_detail, name="akimat-detail"),
    path("design/", views.design, name="design"),
    path("display/", views.display_settings, name="display-settings"),
]
