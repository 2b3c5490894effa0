from django.core.management.base import BaseCommand, CommandError

from openakimat.api.models import ApiToken
from openakimat.api.services import api_token_revoke
from openakimat.common.actor import SystemActor


class Command(BaseCommand):
    help = "Revoke a staff API token by its prefix (the first 8 characters)."

    def add_arguments(self, parser):
        parser.add_argument("prefix")

    def handle(self, *args, prefix, **options):
        token = ApiToken.objects.filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"no token with prefix {prefix!r}")
        api_token_revoke(actor=SystemActor("revoke_api_token"), token=token)
        self.stdout.write(f"Token {prefix}… revoked.")
