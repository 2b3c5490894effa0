from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "openakimat.common"
    label = "common"
