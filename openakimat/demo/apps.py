from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openakimat.demo"
    label = "demo"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deploy check
