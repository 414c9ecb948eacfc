"""The production server: gunicorn in front of the WSGI app, static files via WhiteNoise."""

from __future__ import annotations

import argparse
import errno
import os
import socket
from collections.abc import Callable

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def port_number(value: str) -> int:
    """An argparse type: a TCP port, 1–65535."""
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1–65535)")
    return port


def worker_number(value: str) -> int:
    """An argparse type: how many worker processes, 1–64."""
    try:
        workers = int(value)
    except ValueError:
        workers = 0
    if not 1 <= workers <= 64:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of workers (1–64)")
    return workers


def check_port_free(host: str, port: int) -> None:
    """Fail before announcing the server, with a hint, when the address cannot be served."""
    try:
        family, kind, protocol, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (OSError, UnicodeError) as exc:
        message = _("Cannot serve on %(host)s: %(reason)s.")
        reason = getattr(exc, "strerror", None) or exc
        raise CommandError(message % {"host": host, "reason": reason}) from None
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                message = _("Port %(port)s is already in use; choose another with --port N.")
                raise CommandError(message % {"port": port}) from None
            message = _("Cannot serve on port %(port)s: %(reason)s.")
            raise CommandError(message % {"port": port, "reason": exc.strerror}) from None


# A client that sends nothing of its request, or takes nothing of our answer, for this long
# is dropped (as nginx's client_body_timeout does): a stalled client must not hold a worker
# thread for ever. gunicorn's own `timeout` restarts a worker that stops answering its
# arbiter; it bounds no single request.
STALLED_CLIENT_SECONDS = 30


def drop_stalled_clients(app: Callable, seconds: float) -> Callable:
    """The WSGI app, with each read from and write to the client's socket bounded."""

    def bounded(environ, start_response):
        client = environ.get("gunicorn.socket")
        if client is not None:  # gunicorn sets it back for the connection's next request
            client.settimeout(seconds)
        return app(environ, start_response)

    return bounded


def worker_count() -> int:
    return max(2, min(4, (os.cpu_count() or 1) * 2))


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int | None = None,
    stalled_client_seconds: float = STALLED_CLIENT_SECONDS,
) -> None:
    """Serve until interrupted. Blocks."""
    from django.core.servers.basehttp import get_internal_wsgi_application
    from gunicorn.app.base import BaseApplication

    application = get_internal_wsgi_application()  # settings.WSGI_APPLICATION

    options = {
        "bind": f"{host}:{port}",
        "workers": workers or worker_count(),
        "threads": 2,
        "worker_class": "gthread",
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 60,
    }

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return drop_stalled_clients(application, stalled_client_seconds)

    worker = start_worker()
    try:
        Server().run()
    finally:
        stop_worker(worker)


def start_worker():
    """One background worker beside the web server, unless TAFELRUNDE_WORKER=0 (for
    installations that run `tafelrunde worker` apart)."""
    import subprocess
    import sys

    from django.conf import settings

    if not settings.TAFELRUNDE_WORKER:
        return None
    return subprocess.Popen([sys.executable, "-m", "tafelrunde.cli", "worker"])


def stop_worker(worker) -> None:
    import subprocess

    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
