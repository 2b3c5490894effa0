from django.core.management.base import BaseCommand
from django.db import transaction

from openakimat.applications.models import Application
from openakimat.common.actor import SystemActor
from openakimat.common.crypto import EncryptedTextField
from openakimat.common.iin import iin_hash
from openakimat.integrity.services import audit_record

BATCH = 500


class Command(BaseCommand):
    help = (
        "Rewrite every encrypted personal-data value under the first key of PERSONAL_DATA_KEYS, so that "
        "older keys can then be removed (docs/security.md, 'Personal data at rest'). With --rehash, also "
        "recompute the IINs' keyed hashes, needed after SECRET_KEY changes. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rehash", action="store_true", help="recompute applicant_iin_hash too")

    def handle(self, *args, rehash: bool = False, **options):
        fields = [f.name for f in Application._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        written = ["applicant_iin_hash", *fields] if rehash else fields
        done, last = 0, 0
        while True:
            with transaction.atomic():
                batch = list(
                    Application.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .only("pk", *fields)[:BATCH]
                )
                if not batch:
                    break
                if rehash:
                    for application in batch:
                        application.applicant_iin_hash = iin_hash(application.applicant_iin)
                # Saving encrypts with the first key (a new token for every value).
                Application.objects.bulk_update(batch, written)
            done += len(batch)
            last = batch[-1].pk
        with transaction.atomic():
            audit_record(
                actor=SystemActor("personal_data_reencrypt"),
                action="personal_data.reencrypt",
                object_type="applications.application",
                data={"rows": done, "fields": fields, "rehash": rehash},
            )
        if options.get("verbosity", 1):
            self.stdout.write(
                f"{done} applications re-encrypted under the newest key{' and re-hashed' if rehash else ''}."
            )
