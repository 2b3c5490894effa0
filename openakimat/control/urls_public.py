from django.urls import path

from . import views_public as views

app_name = "control"
urlpatterns = [
    path("instructions/", views.register, name="register"),
    path("instructions/i/<str:number>/", views.detail, name="detail"),
    path("instructions/i/<str:number>/files/<int:attachment_id>/", views.attachment, name="file"),
    # An akimat's register (with the akimats in its territory), by its territory's KATO code.
    path("instructions/<str:kato>/", views.register, name="akimat-register"),
]
