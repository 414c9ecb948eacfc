from __future__ import annotations

from tafelrunde.cli.base import TafelrundeCommand


class Command(TafelrundeCommand):
    help = "Run background jobs (source syncs, reminder mails) until stopped."
    acts_for_user = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="seconds between looks for due syncs and queued jobs (default 5)",
        )
        parser.add_argument(
            "--batch", action="store_true", help="run what is due and queued now, then stop"
        )

    def handle(self, *args, **options):
        from tafelrunde.reminders.outbox import tick
        from tafelrunde.sync.worker import run_worker

        interval = options["interval"]
        if not 0.1 <= interval <= 3600:
            from django.core.management.base import CommandError

            raise CommandError("--interval must be between 0.1 and 3600 seconds.")
        run_worker(interval=interval, batch=options["batch"], stdout=self.stdout, chores=[tick])
