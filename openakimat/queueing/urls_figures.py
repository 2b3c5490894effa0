from django.urls import path

from . import views_figures

app_name = "queue_figures"
urlpatterns = [
    path("", views_figures.index, name="index"),
    path("<int:hall_id>/", views_figures.hall_page, name="hall"),
    path("<int:hall_id>/figures.csv", views_figures.hall_csv, name="csv"),
]
