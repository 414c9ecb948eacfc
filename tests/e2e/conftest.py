"""A real server and a real browser: `tafelrunde demo` data served by `tafelrunde serve`,
driven by Playwright in Debian's Chromium on a phone-sized screen.

Without Chromium the browser tests skip with the reason on a laptop, and fail in CI.
No request may leave the server's own origin: the `phone` fixture fails the test on any.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.e2e.server import ServerError, start_demo_server
from tests.services import postgres_database_beside, require

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
OUTSIDER_PASSWORD = "an outsider's own password"
LANGUAGES = {"en": "en-GB", "de": "de-DE"}
NO_PROXY_THERE = "http://127.0.0.1:9"  # the discard port: nothing listens


@pytest.fixture(scope="session")
def browser():
    require(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Everything but the loopback goes to a proxy that is not there: a request to another
        # origin fails, and OutsideRequests records it. (Blocking by route interception would
        # switch off the browser's HTTP cache, which a phone has.)
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", f"--proxy-server={NO_PROXY_THERE}"]
        )
        yield browser
        browser.close()


def server_environment(data_dir: Path) -> dict[str, str]:
    """The environment of the demo server: a data dir of its own; on PostgreSQL, a database of
    its own beside the test database."""
    env = {key: value for key, value in os.environ.items() if key != "TAFELRUNDE_DATABASE_URL"}
    env["TAFELRUNDE_DATA_DIR"] = str(data_dir)
    database_url = postgres_database_beside("e2e")
    if database_url:
        env["TAFELRUNDE_DATABASE_URL"] = database_url
    return env


@pytest.fixture(scope="session")
def demo_environment():
    """The demo server's environment, for running `tafelrunde` commands on its data."""
    data_dir = Path(tempfile.mkdtemp(prefix="tafelrunde-e2e-"))
    yield server_environment(data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_server(demo_environment):
    """The demo network behind `tafelrunde serve`, plus an outsider account; yields its URL."""
    try:
        server = start_demo_server(demo_environment, outsider_password=OUTSIDER_PASSWORD)
    except ServerError as exc:
        pytest.fail(str(exc))
    yield server.url
    server.stop()


class OutsideRequests(list):
    """Every request a page tried to send anywhere but our own server (they fail)."""


def new_context(browser, base_url: str, language: str = "en", **options):
    """A phone-sized browser context in `language` that records outside requests (they fail)."""
    context = browser.new_context(
        base_url=base_url, locale=LANGUAGES[language], accept_downloads=True, **PHONE, **options
    )
    outside = OutsideRequests()

    def guard(request):
        url = request.url
        if not (url.startswith((base_url + "/", "data:", "blob:")) or url == base_url):
            outside.append(url)  # and it fails: only the loopback is reached (browser())

    context.on("request", guard)
    context.outside_requests = outside
    return context


@pytest.fixture
def phone(browser, demo_server, request):
    """Make phone contexts (`phone("de")`); at the end, none may have left our origin."""
    contexts = []

    def make(language: str = "en", **options):
        context = new_context(browser, demo_server, language, **options)
        contexts.append(context)
        return context

    yield make
    outside = [url for context in contexts for url in context.outside_requests]
    for context in contexts:
        context.close()
    assert not outside, f"requests left the server's origin: {outside}"


def log_in(page, username: str = "demo", password: str = "demo") -> None:
    page.goto("/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
