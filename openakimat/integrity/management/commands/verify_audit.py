from django.core.management.base import BaseCommand, CommandError

from openakimat.integrity.services import audit_check


class Command(BaseCommand):
    help = "Recompute the audit chain and report the first entry that does not match, and entries left unsealed."

    def add_arguments(self, parser):
        parser.add_argument("--stale-minutes", type=int, default=10, help="Unsealed for longer than this is a fault.")

    def handle(self, *args, stale_minutes, **options):
        from datetime import timedelta

        result = audit_check(stale_after=timedelta(minutes=stale_minutes))
        if result.broken_at is not None:
            raise CommandError(f"the audit chain is broken at entry #{result.broken_at}")
        if result.stale_unsealed:
            raise CommandError(
                f"{result.stale_unsealed} entries have waited over {stale_minutes} min to be sealed: "
                "is the sealer running?"
            )
        self.stdout.write(f"the audit chain is intact; {result.unsealed} entries wait to be sealed")
