from django.utils.translation import gettext as _

from tafelrunde.cli.base import TafelrundeCommand
from tafelrunde.web.server import check_port_free, port_number, worker_number


class Command(TafelrundeCommand):
    help = "Run the production web server for the configured database."
    acts_for_user = False
    runs_system_checks = True

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument(
            "--port", type=port_number, default=8000, help="port to listen on (default 8000)"
        )
        parser.add_argument(
            "--workers",
            type=worker_number,
            help="worker processes (default: by CPUs)",
        )

    def handle(self, *args, **options):
        from tafelrunde.web.server import serve

        check_port_free(options["host"], options["port"])
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(_("Tafelrunde is at %(url)s") % {"url": url})
        self.stdout.flush()
        serve(options["host"], options["port"], options["workers"])
