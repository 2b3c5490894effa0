from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openakimat.web"
    label = "web"
