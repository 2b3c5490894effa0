import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openakimat.demo import territory as demo
from openakimat.demo.guard import DEMO_DEVICE_NAME


class Command(BaseCommand):
    help = "Print the current sign-in code of a demo account (development only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        demo_users = {row[0] for row in demo.DEMO_STAFF}
        if not settings.DEBUG or username not in demo_users:
            raise CommandError("totp_code works only for the demo accounts, and only with DEBUG=true.")
        device = TOTPDevice.objects.filter(user__username=username, name=DEMO_DEVICE_NAME, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} has no demo authenticator; run `manage.py load_demo` first.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        self.stdout.write(f"{totp.token():0{device.digits}d}")
