from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from openakimat.api.services import api_token_create
from openakimat.common.actor import SystemActor


class Command(BaseCommand):
    help = (
        "Create a staff API token for a user and print it once. Whoever runs this acts as the system: "
        "hand the token to its user over a safe channel."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        try:
            issued = api_token_create(actor=SystemActor("create_api_token"), user=user, name=name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Token {issued.token.prefix}… for {username}. Shown once, store it now:")
        self.stdout.write(issued.raw)
