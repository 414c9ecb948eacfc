"""The production server: gunicorn in front of the WSGI app, static files via WhiteNoise."""

from __future__ import annotations

import os
from collections.abc import Callable

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
    from gunicorn.app.base import BaseApplication

    from tafelrunde.wsgi import application

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

    Server().run()
