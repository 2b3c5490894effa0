from django.urls import path

from . import views_data

app_name = "data"

urlpatterns = [
    path("", views_data.index, name="index"),
    path("<slug:slug>/", views_data.dataset, name="dataset"),
    path("<slug:slug>.csv", views_data.download_csv, name="csv"),
    path("<slug:slug>.json", views_data.download_json, name="json"),
    path("<slug:slug>.zip", views_data.download_zip, name="zip"),
    path("<slug:slug>/datapackage.json", views_data.datapackage, name="datapackage"),
]
