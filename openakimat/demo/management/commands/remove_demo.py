from django.core.management.base import BaseCommand, CommandError

from openakimat.demo.cleanup import demo_remove
from openakimat.demo.guard import demo_usernames


class Command(BaseCommand):
    help = (
        "Delete the demo accounts and their authenticators (or disable an account that cases or the "
        "audit log refer to), so that the database may serve with DEBUG off. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, interactive: bool = True, **options):
        if interactive:
            answer = input(
                f"This deletes or disables the demo accounts ({', '.join(demo_usernames())}) and every "
                "demo authenticator in this database. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was changed.")
        result = demo_remove()
        deleted, disabled = ", ".join(result.deleted) or "-", ", ".join(result.disabled) or "-"
        w = self.stdout.write
        w(f"Deleted {len(result.deleted)} demo account(s): {deleted}")
        w(f"Disabled {len(result.disabled)} demo account(s) that cases or the audit log refer to: {disabled}")
        w(f"Deleted {result.devices} demo authenticator(s).")
        w(self.style.SUCCESS("No demo sign-in is left."))
