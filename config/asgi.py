import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

# With DEBUG off, refuse to serve a database that holds the demo's accounts (docs/security.md).
from openakimat.demo.guard import refuse_demo_in_production  # noqa: E402 - needs the apps loaded

refuse_demo_in_production()
