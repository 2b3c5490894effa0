from django.core.management.base import BaseCommand

from openakimat.integrity.services import audit_seal


class Command(BaseCommand):
    help = "Seal the audit entries not yet in the chain (the periodic task does it; this is by hand)."

    def handle(self, *args, **options):
        self.stdout.write(f"sealed {audit_seal()} entries")
