"""The production server: gunicorn in front of the WSGI app, static files via WhiteNoise."""

from __future__ import annotations

import os


def worker_count() -> int:
    return max(2, min(4, (os.cpu_count() or 1) * 2))


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int | None = None) -> None:
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
            return application

    Server().run()
