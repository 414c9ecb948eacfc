"""Start the demo network behind a real `tafelrunde serve`, for browser tests and screenshots."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass


class ServerError(Exception):
    """The demo could not be built or the server did not come up."""


@dataclass
class DemoServer:
    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def tafelrunde(env: dict[str, str], *arguments: str) -> str:
    """Run one `tafelrunde` command; its output, or ServerError with its message."""
    result = subprocess.run(
        [sys.executable, "-m", "tafelrunde.cli", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise ServerError(f"tafelrunde {arguments[0]} failed: {result.stderr[-2000:]}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_demo_server(env: dict[str, str], outsider_password: str | None = None) -> DemoServer:
    """Build the demo network (and an `outsider` account) and serve it on a free port."""
    tafelrunde(env, "demo", "--no-serve")
    if outsider_password:
        tafelrunde(
            env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_user('outsider', password={outsider_password!r})",
        )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tafelrunde.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return DemoServer(f"http://127.0.0.1:{port}", process)
        except OSError as exc:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stderr.read()[-2000:]
                raise ServerError(f"tafelrunde serve did not come up: {output}") from exc
            time.sleep(0.2)
