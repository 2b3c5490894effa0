from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "openakimat.web"
    label = "web"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from .pagecache import install_watch

        # Every database connection reports writes to public data to the page cache.
        connection_created.connect(install_watch, dispatch_uid="openakimat.web.pagecache")
        for connection in connections.all(initialized_only=True):
            install_watch(sender=None, connection=connection)
