from io import StringIO

from django.core.management import call_command
from django.test import override_settings


def load_demo() -> None:
    """`manage.py load_demo` as on a development machine: it refuses to run with DEBUG off, which the
    test settings have."""
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())
