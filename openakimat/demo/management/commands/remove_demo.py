from django.core.management.base import BaseCommand

from openakimat.demo.cleanup import demo_remove


class Command(BaseCommand):
    help = (
        "Delete the demo accounts and their authenticators (or disable an account that cases or the "
        "audit log refer to), so that the database may serve with DEBUG off. Audited."
    )

    def handle(self, *args, **options):
        result = demo_remove()
        deleted, disabled = ", ".join(result.deleted) or "-", ", ".join(result.disabled) or "-"
        w = self.stdout.write
        w(f"Deleted {len(result.deleted)} demo account(s): {deleted}")
        w(f"Disabled {len(result.disabled)} demo account(s) that cases or the audit log refer to: {disabled}")
        w(f"Deleted {result.devices} demo authenticator(s).")
        w(self.style.SUCCESS("No demo sign-in is left."))
