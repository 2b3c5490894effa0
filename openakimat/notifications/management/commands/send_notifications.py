from django.core.management.base import BaseCommand

from openakimat.notifications.services import send_due


class Command(BaseCommand):
    help = "Send the notifications that are due, including retries of failed ones (run it every minute)."

    def handle(self, *args, **options):
        sent, failed = send_due()
        self.stdout.write(f"sent {sent}, failed attempts {failed}")
