"""An invitation round against the real server: the host invites several demo contacts at
once with `tafelrunde invite`, each guest opens their personal link `/i/<token>/` on a phone
(no account, no login), and of all the yeses exactly the first wins — also when two browsers,
or five clients at once, press "yes" in the same instant. And the guest page works without
JavaScript, loads nothing from elsewhere and links nowhere into the app.

The server is shared by the whole session and allows one open round per evening, so each
test starts its own round on an evening of its own, far from the demo's trips.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import threading
from urllib.parse import urlsplit

import pytest
import requests

from tests.e2e.server import tafelrunde

pytestmark = pytest.mark.e2e

PLACE = "Dresden"  # the city of the demo's current trip, where many of its contacts live
TIME = "19:30"
# What the guest's page says after a yes, in the guest's language: the table is yours …
WON = {"en": f"See you at {TIME}!", "de": f"Bis um {TIME} Uhr!"}
# … or someone else said yes first.
FULL = {"en": "The table is already full this time", "de": "Diesmal ist der Tisch schon voll"}
DECLINED = "Danke für die Rückmeldung an Hans Gastgeber"
CHECK_FIELD = re.compile(r'name="check" value="([0-9a-f]+)"')  # the form's own CSRF check
LANG = re.compile(r'<html lang="([a-z]+)"')


def evening(days_ahead: int) -> str:
    """An evening in the future, past the demo's trips: its own for each test."""
    return (dt.date.today() + dt.timedelta(days=days_ahead)).isoformat()


def run_json(env, *arguments: str) -> dict:
    return json.loads(tafelrunde(env, *arguments, "--user", "demo", "--json"))


def candidates(env, date: str, german: bool | None = None) -> list[int]:
    """Demo contacts near PLACE on that evening (German speakers only, when asked)."""
    found = run_json(env, "tonight", PLACE, "--date", date, "--limit", "20")["candidates"]
    if german is not None:
        found = [c for c in found if ("heute Abend" in c["invitation"]) == german]
    return [c["contact_id"] for c in found]


def start_round(env, contact_ids: list[int], date: str) -> tuple[int, list[str]]:
    """Start a round; its id and each guest's link as a path on our server."""
    started = run_json(
        env,
        "invite",
        *map(str, contact_ids),
        "--date",
        date,
        "--place",
        PLACE,
        "--time",
        TIME,
        "--restaurant",
        "Sophienkeller",
    )
    paths = [urlsplit(guest["url"]).path for guest in started["guests"]]
    assert [g["contact_id"] for g in started["guests"]] == contact_ids
    assert all(re.fullmatch(r"/i/[A-Za-z0-9_-]+/", path) for path in paths), paths
    return started["round"], paths


def states(env, round_id: int) -> dict[int, str]:
    shown = run_json(env, "invite", "status", str(round_id))
    return {guest["contact_id"]: guest["state"] for guest in shown["guests"]}


def outcome(text: str, language: str) -> str:
    """What a guest's page says after their yes: won, full, or something else (shown)."""
    if WON[language] in text:
        assert FULL[language] not in text
        return "won"
    if FULL[language] in text:
        return "full"
    return text


def test_two_phones_say_yes_at_once_and_one_gets_the_table(phone, demo_server, demo_environment):
    date = evening(200)
    contact_ids = candidates(demo_environment, date)[:2]
    round_id, paths = start_round(demo_environment, contact_ids, date)

    pages = []
    for path in paths:
        page = phone("en").new_page()
        page.goto(path)
        assert page.locator("button[name=answer][value=yes]").is_visible()
        assert "Sophienkeller" in page.locator("p.when").inner_text()
        pages.append(page)

    first, second = pages
    yes = "button[name=answer][value=yes]"
    with first.expect_navigation(), second.expect_navigation():
        first.click(yes, no_wait_after=True)
        second.click(yes, no_wait_after=True)

    results = []
    for page, path in zip(pages, paths, strict=True):
        assert urlsplit(page.url).path == path  # redirected back to the guest's own link
        language = page.locator("html").get_attribute("lang")
        results.append(outcome(page.locator("main").inner_text(), language))
        assert page.locator("button[name=answer]").count() == 0, "no second answer offered"
    assert sorted(results) == ["full", "won"], results

    shown = states(demo_environment, round_id)
    winner = contact_ids[results.index("won")]
    assert shown == {cid: ("accepted" if cid == winner else "full") for cid in contact_ids}


def answer_yes(url: str, start: threading.Barrier, results: dict, index: int) -> None:
    """One guest's client: open the link (its form's check), wait for the others, say yes;
    the page it lands on."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    try:
        with requests.Session() as client:
            page = client.get(url, timeout=15)
            page.raise_for_status()
            check = CHECK_FIELD.search(page.text).group(1)
            start.wait(timeout=15)
            answered = client.post(
                url,
                data={"check": check, "answer": "yes"},
                headers={"Origin": origin},  # as a browser sends it (Chromium: "null")
                timeout=15,
            )
            results[index] = (
                [r.status_code for r in answered.history],
                answered.status_code,
                answered.url,
                html.unescape(answered.text),
            )
    except Exception as exc:  # reported by the test, not lost in the thread
        results[index] = exc


def test_five_clients_say_yes_at_once_and_exactly_one_wins(demo_server, demo_environment):
    date = evening(201)
    contact_ids = candidates(demo_environment, date)[:5]
    assert len(contact_ids) == 5
    round_id, paths = start_round(demo_environment, contact_ids, date)
    urls = [demo_server + path for path in paths]

    start = threading.Barrier(len(urls))
    results: dict = {}
    threads = [
        threading.Thread(target=answer_yes, args=(url, start, results, n))
        for n, url in enumerate(urls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)

    outcomes = []
    for n, url in enumerate(urls):
        result = results[n]
        assert not isinstance(result, Exception), repr(result)
        redirects, status, landed, text = result
        assert redirects in ([303], [302]) and status == 200, (redirects, status, text[-500:])
        assert landed == url
        outcomes.append(outcome(text, LANG.search(text).group(1)))
    assert sorted(outcomes) == ["full"] * 4 + ["won"], outcomes

    shown = states(demo_environment, round_id)
    winner = contact_ids[outcomes.index("won")]
    assert shown[winner] == "accepted"
    assert sorted(shown.values()) == ["accepted"] + ["full"] * 4, shown


def test_the_guest_page_works_without_javascript_and_stays_to_itself(
    phone, demo_server, demo_environment
):
    date = evening(202)
    german = candidates(demo_environment, date, german=True)
    assert len(german) >= 2, "German speakers near the demo's place"
    round_id, (path, _) = start_round(demo_environment, german[:2], date)

    page = phone("de", java_script_enabled=False).new_page()
    response = page.goto(path)
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    # No referrer at all: Chromium then posts the answer with `Origin: null`, which the
    # form's own check (bound to the link) lets through where Django's cookie check would not.
    assert response.headers["referrer-policy"] == "no-referrer"
    assert page.locator("html").get_attribute("lang") == "de"
    heading = page.locator("h1").inner_text()
    # An evening months ahead is not "tonight": the date is on the page instead.
    assert "Hans Gastgeber lädt" in heading and "in Dresden zum Abendessen ein" in heading
    assert page.locator('meta[name=robots][content="noindex, nofollow"]').count() == 1
    assert "<script" not in page.content()

    def app_links() -> list[str]:
        hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
        own = demo_server + path
        return [href for href in hrefs if not href.startswith(own)]

    assert app_links() == []

    page.locator("textarea[name=message], input[name=message]").fill("Bin diese Woche in Prag.")
    not_tonight = page.locator("button[name=answer][value=no]")
    assert not_tonight.text_content().strip() == "Diesmal nicht"
    not_tonight.click()
    page.wait_for_load_state()

    assert urlsplit(page.url).path == path
    notice = page.locator("p.notice[role=status]").inner_text()
    assert DECLINED in notice
    assert "Bin diese Woche in Prag." in page.locator("main").inner_text()
    assert page.locator("button[name=answer]").count() == 0
    assert app_links() == []
    for part in ("/login/", "/tonight/", "/contacts/"):
        assert part not in page.content()

    assert states(demo_environment, round_id)[german[0]] == "declined"
