from django.core.management.base import BaseCommand

from openakimat.demo import territory as demo


class Command(BaseCommand):
    help = "Print the local URLs and the demo sign-ins (used by `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, base_url, **options):
        w = self.stdout.write
        w("")
        w("Open Akimat is starting. Pages (Kazakh, Russian, English):")
        for lang in ("kk", "ru", "en"):
            w(f"  {base_url}/{lang}/")
        w(f"  Service akimats of the region: {base_url}/en/regions/{demo.REGION['kato']}/service-akimats/")
        w(f"  Akzhar district akimat:        {base_url}/en/akimats/{demo.AKZHAR}/")
        w(f"  Public services (apply online): {base_url}/en/services/")
        w(f"  Track an application:          {base_url}/en/track/")
        w(f"  Open budgets:                  {base_url}/en/budget/{demo.AKZHAR}/")
        w(f"  Case inbox (staff):            {base_url}/en/staff/cases/")
        w(f"  Open311 GeoReport v2:          {base_url}/open311/v2/discovery.json")
        w(f"  API docs: {base_url}/api/v1/docs    OpenAPI: {base_url}/api/v1/openapi.json")
        w(f"  Health:   {base_url}/healthz")
        w(f"  Staff sign-in: {base_url}/en/staff/login/    Admin: {base_url}/admin/")
        w("")
        w(f"Demo staff accounts (DEMONSTRATION ONLY), password for all: {demo.DEMO_PASSWORD}")
        for username, role, dept, kato, *_names in demo.DEMO_STAFF:
            where = f"{kato}" + (f" / {dept}" if dept else "")
            w(f"  {username:<22} {role:<11} {where}")
        w("Staff sign-in asks for a TOTP code; for a demo account get it with:")
        w("  .venv/bin/python manage.py totp_code demo.admin")
        w("")
