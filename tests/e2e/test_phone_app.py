"""The app on the phone in a real Chromium: installable, Tonight offline, no tap or note
lost, "Use my location", one thumb, and light. Against the shared demo server; each test
reads only rows it made (the attempts and notes with its own client ids)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.e2e.server import tafelrunde

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FIRST_LOAD_BUDGET = 60 * 1024  # bytes over the wire, headers included, service worker's too
REPEAT_BUDGET = 10 * 1024
THUMB = 44  # px: the least height of what a thumb taps


def tonight_controlled_by_the_worker(page) -> None:
    """Tonight, served through the service worker (the first visit installs it)."""
    page.goto("/tonight/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now the worker answers, and keeps the page
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def attempts_with(environment: dict, client_ids: list[str]) -> int:
    code = (
        "from tafelrunde.evenings.models import Attempt; "
        f"print(Attempt.objects.filter(client_id__in={client_ids!r}).count())"
    )
    return int(tafelrunde(environment, "shell", "-c", code).split()[-1])


def queued(page) -> list[dict]:
    return json.loads(page.evaluate("localStorage.getItem('tafelrunde.taps') || '[]'"))


def test_the_app_is_installable(phone):
    context = phone("en")
    page = context.new_page()
    log_in(page)
    page.goto("/tonight/")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)").endswith(
        "/sw.js"
    )
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["start_url"] == "/tonight/"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    parsed = context.new_cdp_session(page).send("Page.getAppManifest")
    assert parsed["url"].endswith("/manifest.webmanifest")
    assert parsed["errors"] == []


def test_tonight_offline_and_taps_sent_once_when_back(phone, demo_environment):
    context = phone("en")
    page = context.new_page()
    log_in(page)
    tonight_controlled_by_the_worker(page)
    rows = page.locator("ol.call-list > li")
    names = rows.locator("h3 a").all_inner_texts()
    assert len(names) >= 4
    first_contact = rows.first.locator("h3 a").get_attribute("href")
    # The worker keeps the list's contact pages in the background.
    page.wait_for_function(
        f"() => caches.open('tafelrunde-pages').then(c => c.match('{first_contact}')).then(Boolean)"
    )

    context.set_offline(True)
    page.reload()
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text("Offline — last refreshed at")
    assert rows.locator("h3 a").all_inner_texts() == names
    page.goto(first_contact)  # a kept contact page opens offline too
    expect(page.locator("h1")).to_have_text(names[0])
    page.goto("/tonight/")
    assert page.evaluate("navigator.onLine") is False

    for index, outcome in enumerate(["no-answer", "call-back", "no-answer"]):
        rows.nth(index).locator(f"button[value={outcome}]").click()
    expect(page.locator("#tap-queue .waiting")).to_have_text("Waiting to send: 3")
    expect(rows.first.locator(".queued")).to_contain_text("waiting to send")
    taps = queued(page)
    client_ids = [tap["id"] for tap in taps]
    assert len(set(client_ids)) == 3
    # A fourth tap was made on a page for another place: the evening is elsewhere by now.
    rows.nth(3).locator("button[value=declined]").click()
    page.evaluate(
        "const q = JSON.parse(localStorage.getItem('tafelrunde.taps'));"
        "q[3].place = 'Lisboa'; localStorage.setItem('tafelrunde.taps', JSON.stringify(q));"
    )
    assert attempts_with(demo_environment, client_ids) == 0

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    refused = page.locator("#tap-queue .refused li")
    expect(refused).to_have_count(1, timeout=20_000)
    expect(refused).to_contain_text(names[3])
    expect(refused).to_contain_text("not in Lisbon")
    assert queued(page) == []
    assert attempts_with(demo_environment, client_ids) == 3
    expect(page.locator("#offline-banner")).to_be_hidden()

    # The same three sent again (another tab, a retry): the server records nothing twice.
    page.evaluate(f"localStorage.setItem('tafelrunde.taps', {json.dumps(json.dumps(taps))})")
    page.reload()
    page.wait_for_function("() => JSON.parse(localStorage.getItem('tafelrunde.taps')).length === 0")
    assert attempts_with(demo_environment, client_ids) == 3
    refused.locator("button").click()  # seen: dismissed
    expect(page.locator("#tap-queue")).to_be_hidden()

    # Logging out leaves nothing of the account on the phone.
    page.locator("nav details.more > summary").click()
    page.locator("nav details.more form.logout button").click()
    page.wait_for_function("() => caches.has('tafelrunde-pages').then(kept => !kept)")
    assert page.evaluate("localStorage.getItem('tafelrunde.kept')") is None


def notes_with(environment: dict, client_ids: list[str]) -> int:
    code = (
        "from tafelrunde.meals.models import Note; "
        f"print(Note.objects.filter(client_id__in={client_ids!r}).count())"
    )
    return int(tafelrunde(environment, "shell", "-c", code).split()[-1])


def queued_notes(page) -> list[dict]:
    return json.loads(page.evaluate("localStorage.getItem('tafelrunde.notes') || '[]'"))


def test_notes_written_offline_are_sent_once_when_back(phone, demo_environment):
    context = phone("en")
    page = context.new_page()
    log_in(page)
    tonight_controlled_by_the_worker(page)
    contact = page.locator("ol.call-list > li h3 a").first.get_attribute("href")
    page.wait_for_function(
        f"() => caches.open('tafelrunde-pages').then(c => c.match('{contact}')).then(Boolean)"
    )
    page.goto(contact)
    name = page.locator("h1").inner_text()

    context.set_offline(True)
    page.reload()  # the contact page as the worker kept it
    expect(page.locator("#offline-banner")).to_be_visible()
    form = page.locator("form.note-add")
    form.locator("textarea[name=text]").fill("Offline note one: moved to Porto.")
    form.locator("button[value=note]").click()
    form.locator("textarea[name=text]").fill("Offline fact two: plays the cello.")
    form.locator("button[value=fact]").click()
    expect(page.locator("#note-queue .waiting")).to_have_text("Waiting to send: 2")
    expect(page.locator("#note-queue .queued li")).to_have_count(2)
    expect(page.locator("#note-queue .queued")).to_contain_text("plays the cello")
    notes = queued_notes(page)
    client_ids = [note["id"] for note in notes]
    assert len(set(client_ids)) == 2
    assert [note["kind"] for note in notes] == ["note", "fact"]
    # A third was written for a contact deleted since: the server refuses it, in words.
    form.locator("textarea[name=text]").fill("For someone gone.")
    form.locator("button[value=note]").click()
    page.evaluate(
        "const q = JSON.parse(localStorage.getItem('tafelrunde.notes'));"
        "q[2].action = '/contacts/999999999/notes/';"
        "localStorage.setItem('tafelrunde.notes', JSON.stringify(q));"
    )
    assert notes_with(demo_environment, client_ids) == 0

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    timeline = page.locator("ul.timeline:not(.queued)")  # the page, reloaded once sent
    expect(timeline).to_contain_text("Offline note one: moved to Porto.", timeout=20_000)
    expect(timeline).to_contain_text("Offline fact two: plays the cello.")
    refused = page.locator("#note-queue .refused li")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text(f"{name}, For someone gone.")
    expect(refused).to_contain_text("no longer in your address book")
    assert queued_notes(page) == []
    assert notes_with(demo_environment, client_ids) == 2

    # The same two sent again (another tab, a retry): the server records nothing twice.
    page.evaluate(f"localStorage.setItem('tafelrunde.notes', {json.dumps(json.dumps(notes))})")
    page.reload()
    page.wait_for_function(
        "() => JSON.parse(localStorage.getItem('tafelrunde.notes')).length === 0"
    )
    assert notes_with(demo_environment, client_ids) == 2
    refused.locator("button").click()  # seen: dismissed
    expect(page.locator("#note-queue")).to_be_hidden()


def test_use_my_location_shows_the_list_there(phone):
    context = phone(
        "en",
        geolocation={"latitude": 51.3406, "longitude": 12.3747},  # Leipzig, not the trip's
        permissions=["geolocation"],
    )
    page = context.new_page()
    log_in(page)
    page.goto("/tonight/")
    page.locator("details.elsewhere > summary").click()
    button = page.get_by_role("button", name="Use my location")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("h1")).to_have_text("Tonight in Leipzig")
    assert "place=Leipzig" in page.url


def test_without_javascript_there_is_no_location_button(phone):
    page = phone("en", java_script_enabled=False).new_page()
    log_in(page)
    page.goto("/tonight/")
    page.locator("details.elsewhere > summary").click()
    expect(page.locator("#use-location")).to_be_hidden()


@pytest.mark.parametrize("language", ["en", "de"])
def test_one_thumb_on_a_phone(phone, language):
    page = phone(language, device_scale_factor=1).new_page()
    log_in(page)
    page.goto("/tonight/")
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 60, "the navigation is one bar"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing sticks out"
    first = page.locator("ol.call-list > li").first
    name = first.locator("h3").bounding_box()
    assert name["y"] + name["height"] <= 844, "the first candidate shows without scrolling"
    for button in first.locator("form.outcome button").all():
        assert button.bounding_box()["height"] >= THUMB
    for link in page.locator("header nav > a:visible").all():
        assert link.bounding_box()["height"] >= THUMB
    page.screenshot(path=SCREENSHOTS / f"{language}-phone-tonight.png")
    more = page.locator("details.more")
    more.locator("summary").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SCREENSHOTS / f"{language}-phone-more.png")
    more.locator("a[href='/settings/']").click()
    expect(page).to_have_url(re.compile(r"/settings/$"))


def log_in_without_a_page(context) -> None:
    """Log in through the context's requests, so that no page has fetched a file yet."""
    login = context.request.get("/login/").text()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    form = {"csrfmiddlewaretoken": token, "username": "demo", "password": "demo"}
    assert context.request.post("/login/", form=form).ok


def test_tonight_is_light_on_first_and_repeat_visits(phone):
    context = phone("en")
    log_in_without_a_page(context)
    page = context.new_page()
    transferred: dict[str, int] = {}

    def count(request):
        response = request.response()
        if response is None or response.from_service_worker:
            return  # what the worker answered from its cache crossed no network
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        transferred[request.url] = transferred.get(request.url, 0) + size

    context.on("requestfinished", count)
    # The worker then keeps the list's contact pages and, last, the trips for offline use:
    # that belongs to the first load.
    trips = context.expect_event("requestfinished", lambda request: request.url.endswith("/trips/"))
    with trips:
        page.goto("/tonight/")
    page.wait_for_load_state("networkidle")
    first = sum(transferred.values())
    print("FIRSTLOAD", first, sorted(transferred.items(), key=lambda kv: -kv[1]))
    assert any("/contacts/" in url for url in transferred), transferred
    assert first < FIRST_LOAD_BUDGET, transferred
    transferred.clear()
    page.goto("/tonight/")
    page.wait_for_load_state("networkidle")
    repeat = sum(transferred.values())
    assert repeat < REPEAT_BUDGET, transferred
