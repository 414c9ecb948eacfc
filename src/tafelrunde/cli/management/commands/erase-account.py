from django.core.management.base import CommandError

from tafelrunde.cli.base import TafelrundeCommand


class Command(TafelrundeCommand):
    help = "Delete an account with everything it owns, uploaded files included."

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes",
            action="store_true",
            help="really delete it (without --yes nothing is deleted)",
        )

    def handle(self, *args, **options):
        from tafelrunde.exchange.erase_account import erase_account

        if not options.get("user"):
            raise CommandError("Name the account to delete with --user NAME.")
        user = self.owner(options)
        if not options["yes"]:
            raise CommandError(
                f"This deletes the account {user.get_username()!r} and everything in it for"
                " good; run again with --yes to do it."
            )
        erase_account(user)
        self.stderr.write(f"Deleted the account {user.get_username()!r} and everything in it.")
