from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openakimat.api"
    label = "api"

    def ready(self) -> None:
        from openakimat.common.unavailable import register_error_format

        from .errors import json_error

        # The 503 of a database outage and the 500 handler answer /api/ in JSON.
        register_error_format("/api/", json_error)
