import time
from pathlib import Path

from django.utils.translation import gettext as _

from tafelrunde.cli.base import TafelrundeCommand
from tafelrunde.formatting import number
from tafelrunde.web.server import check_port_free, port_number


def place_index_ready() -> bool:
    """Whether the gazetteer's index is already built (the first build takes a while)."""
    from django.conf import settings

    from tafelrunde.core.gazetteer_build import index_filename

    return (Path(settings.PLACES_DIR) / index_filename()).exists()


class Command(TafelrundeCommand):
    help = (
        'Build a demo network and serve it; log in as "demo", password "demo".\n\n'
        "A few hundred contacts across Europe, a trip that includes today, a history of "
        "evenings, meals and notes, and a sales team of three colleagues who share their "
        "people (they cannot log in), in a folder of its own (never your real data)."
    )
    acts_for_user = False
    runs_system_checks = True
    host = "127.0.0.1"

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=port_number, default=8000, help="port to serve on (default 8000)"
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="build the demo network only, do not serve it"
        )

    def handle(self, *args, **options):
        from tafelrunde.demo.builder import PASSWORD, USERNAME, build_demo

        port = options["port"]
        url = f"http://{self.host}:{port}/"
        if not options["no_serve"]:
            check_port_free(self.host, port)
        if place_index_ready():
            self.stderr.write(_("Building the demo network…"))
        else:
            self.stderr.write(_("Building the demo network (and, once, the offline place index)…"))
        started = time.monotonic()
        summary = build_demo()
        seconds = number(time.monotonic() - started, 1)
        self.stdout.write(
            _("%(summary)s (built in %(seconds)s s)") % {"summary": summary, "seconds": seconds}
        )
        words = {"url": url, "user": USERNAME, "password": PASSWORD}
        if options["no_serve"]:
            message = _(
                'Serve it with `tafelrunde demo`, then open %(url)s and log in as "%(user)s", '
                'password "%(password)s".'
            )
            self.stdout.write(message % words)
            return
        message = _(
            'Open %(url)s and log in as "%(user)s", password "%(password)s". '
            "Ctrl+C stops the server."
        )
        self.stdout.write(message % words)
        self.stdout.flush()
        from tafelrunde.web.server import serve

        serve(host=self.host, port=port)
