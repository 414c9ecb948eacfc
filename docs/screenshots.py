"""Screenshots of the main pages on a phone, in English and German, for the README.

uv run python docs/screenshots.py [--out docs/screenshots]

Builds the demo network in a throwaway data directory, serves it with `tafelrunde serve`
and photographs the pages in Debian's Chromium (/usr/bin/chromium) on a 390 × 844 screen,
the same way the browser tests drive them. Rerun it when pages change.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.server import start_demo_server  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOCALES = {"en": "en-GB", "de": "de-DE"}
# name: path (or a function of the page that gets there)
PAGES = {
    "home": "/",
    "tonight": "/tonight/",
    "contact": "first contact on the Tonight list",
    "meals": "/meals/",
    "stats": "/stats/",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    options = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Error: no Chromium at {CHROMIUM} (apt-get install chromium).", file=sys.stderr)
        return 1
    options.out.mkdir(parents=True, exist_ok=True)
    data_dir = tempfile.mkdtemp(prefix="tafelrunde-screenshots-")
    env = {key: value for key, value in os.environ.items() if key != "TAFELRUNDE_DATABASE_URL"}
    env["TAFELRUNDE_DATA_DIR"] = data_dir
    server = start_demo_server(env)
    try:
        photograph(server.url, options.out)
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


def photograph(base_url: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for language, locale in LOCALES.items():
            context = browser.new_context(
                base_url=base_url,
                locale=locale,
                viewport={"width": 390, "height": 844},
                device_scale_factor=1,  # small files; the pages are the same
                is_mobile=True,
                has_touch=True,
            )
            page = context.new_page()
            page.goto("/login/")
            page.screenshot(path=out / f"{language}-login.png")
            page.locator("input[name=username]").fill("demo")
            page.locator("input[name=password]").fill("demo")
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(lambda url: "/login/" not in url)
            for name, path in PAGES.items():
                if path.startswith("/"):
                    page.goto(path)
                else:
                    page.goto("/tonight/")
                    page.locator("ol.call-list > li h3 a").first.click()
                page.wait_for_load_state("networkidle")
                target = out / f"{language}-{name}.png"
                page.screenshot(path=target)
                print(target.relative_to(ROOT))
            context.close()
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
