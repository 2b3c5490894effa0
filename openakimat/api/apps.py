from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openakimat.api"
    label = "api"
