import argparse
import errno
import socket
import time
from pathlib import Path

from django.core.management.base import CommandError

from tafelrunde.commands import TafelrundeCommand


def port_number(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1–65535)")
    return port


def place_index_ready() -> bool:
    """Whether the gazetteer's index is already built (the first build takes a while)."""
    from django.conf import settings

    from tafelrunde.core.gazetteer_build import index_filename

    return (Path(settings.PLACES_DIR) / index_filename()).exists()


class Command(TafelrundeCommand):
    help = (
        'Build a demo network and serve it; log in as "demo", password "demo".\n\n'
        "A few hundred contacts across Europe, a trip that includes today, and a history of "
        "evenings, meals and notes, in a folder of its own (never your real data)."
    )
    acts_for_user = False
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
            self.check_port_free(port)
        if place_index_ready():
            self.stderr.write("Building the demo network…")
        else:
            self.stderr.write("Building the demo network (and, once, the offline place index)…")
        started = time.monotonic()
        summary = build_demo()
        self.stdout.write(f"{summary} (built in {time.monotonic() - started:.1f} s)")
        login = f'log in as "{USERNAME}", password "{PASSWORD}"'
        if options["no_serve"]:
            self.stdout.write(f"Serve it with `tafelrunde demo`, then open {url} and {login}.")
            return
        self.stdout.write(f"Open {url} and {login}. Ctrl+C stops the server.")
        self.stdout.flush()
        from tafelrunde.web.server import serve

        serve(host=self.host, port=port)

    def check_port_free(self, port: int) -> None:
        """Fail before building, with a hint, when something already listens on the port."""
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((self.host, port))
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise CommandError(
                        f"Port {port} is already in use; choose another with --port N."
                    ) from None
                raise CommandError(f"Cannot serve on port {port}: {exc.strerror}.") from None
