from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openakimat.demo"
    label = "demo"
