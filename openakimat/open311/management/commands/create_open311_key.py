from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from openakimat.common.actor import SystemActor
from openakimat.open311.services import api_key_create
from openakimat.territory.models import Akimat


class Command(BaseCommand):
    help = (
        "Create an Open311 API key that may submit requests to the services of an akimat (given by its "
        "KATO code) and of the akimats in its territory. The key is printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("kato", help="KATO code of the akimat, e.g. 593400000")
        parser.add_argument("name", help="who uses the key")

    def handle(self, *args, kato, name, **options):
        akimat = Akimat.objects.filter(territory__kato=kato).first()
        if akimat is None:
            raise CommandError(f"no akimat with KATO code {kato!r}")
        try:
            issued = api_key_create(actor=SystemActor("create_open311_key"), akimat=akimat, name=name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Open311 key {issued.key.prefix}… for {akimat.name_en}. Shown once, store it now:")
        self.stdout.write(issued.raw)
