"""A real `serve` drops a client that stalls while sending its request, and answers 413 to
a body too big for its page from the headers alone."""

import os
import socket
import subprocess
import sys
import time

import pytest

from tests.e2e.server import free_port

CSRF_COOKIE = "csrftoken=" + "x" * 32


@pytest.fixture
def server(tmp_path):
    """gunicorn as `tafelrunde serve` runs it, dropping clients stalled for one second."""
    port = free_port()
    env = {**os.environ, "TAFELRUNDE_DATA_DIR": str(tmp_path)}
    env.pop("TAFELRUNDE_DATABASE_URL", None)  # no page here touches the database
    script = (
        "from tafelrunde.web.server import serve; "
        f"serve('127.0.0.1', {port}, workers=1, stalled_client_seconds=1)"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the server did not come up: {process.stderr.read()[-2000:]!r}")
            time.sleep(0.2)
    yield port
    process.terminate()
    process.wait(timeout=30)


def post_headers(port: int, content_length: int, first_bytes: bytes = b"") -> bytes:
    """Sends a POST's headers (and perhaps a little of its body), then nothing more; returns
    what the server says before it closes (b"" when it just closes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        head = (
            "POST /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Cookie: {CSRF_COOKIE}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {content_length}\r\n\r\n"
        )
        client.sendall(head.encode() + first_bytes)
        try:
            return client.recv(4096)
        except TimeoutError:
            pytest.fail("the server still waits for the body of a stalled client")


def test_a_client_that_stops_sending_its_body_is_dropped(server):
    answer = post_headers(server, 1000, b"username=a")
    assert answer == b"" or not answer.startswith(b"HTTP/1.1 2")


def test_a_50_mb_body_is_refused_from_its_headers(server):
    answer = post_headers(server, 50 * 1024 * 1024)
    assert answer.startswith(b"HTTP/1.1 413")
