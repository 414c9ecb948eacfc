"""The main pages in a real browser on a phone: accessible, light, usable without
JavaScript, closed to outsiders; importing a vCard file through the upload page."""

import pytest
from playwright.sync_api import expect

from tests.conftest import CORPUS
from tests.e2e import accessibility
from tests.e2e.conftest import OUTSIDER_PASSWORD, log_in

pytestmark = pytest.mark.e2e

MAIN_PAGES = [
    "/",
    "/tonight/",
    "/contacts/",
    "/trips/",
    "/meals/",
    "/meals/new/",
    "/stats/",
    "/settings/",
    "/contacts/import/",
]
TONIGHT_BUDGET = 60 * 1024  # HTML, CSS and JS of the Tonight page together, uncompressed


@pytest.fixture
def demo_page(phone):
    page = phone("en").new_page()
    log_in(page)
    return page


def test_the_login_page_is_accessible(phone):
    page = phone("en").new_page()
    page.goto("/login/")
    assert accessibility.problems(page) == {}


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_main_pages_are_accessible(demo_page, path):
    assert demo_page.goto(path).status == 200
    assert accessibility.problems(demo_page) == {}


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_main_pages_work_at_200_percent_zoom(demo_page, path):
    demo_page.goto(path)
    assert accessibility.overflow_at_200_percent(demo_page) == []


def test_a_contact_page_is_accessible(demo_page):
    demo_page.goto("/contacts/")
    demo_page.locator("main a[href^='/contacts/'][href$='/']").filter(has_text=" ").first.click()
    assert accessibility.problems(demo_page) == {}


def test_logging_in_and_calling_works_by_keyboard_alone(phone):
    page = phone("en").new_page()
    page.goto("/login/")
    page.locator("input[name=username]").focus()
    page.keyboard.type("demo")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto("/tonight/")
    first = page.locator("ol.call-list > li h3 a").first.inner_text()
    no_button = page.locator("ol.call-list > li").first.locator("button[value=declined]")
    for _ in range(200):  # tab through the page until the first "No" has the focus
        page.keyboard.press("Tab")
        if no_button.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the first 'No' button cannot be reached with the Tab key")
    outline = no_button.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none", "the focused button shows where the focus is"
    page.keyboard.press("Enter")
    # The answer replaces the list (or loads a new page): wait for it, however slow the machine.
    expect(page.locator("ol.call-list > li h3 a").first).not_to_have_text(first)


def test_the_tonight_page_weighs_less_than_60_kb(demo_page):
    sizes = {}
    demo_page.on(
        "response",
        lambda response: (
            sizes.__setitem__(response.url, len(response.body()))
            if response.request.resource_type in {"document", "stylesheet", "script"}
            else None
        ),
    )
    demo_page.goto("/tonight/")
    demo_page.wait_for_load_state("networkidle")
    assert any(url.endswith(".css") for url in sizes)
    assert sum(sizes.values()) < TONIGHT_BUDGET, sizes


def test_the_call_list_works_without_javascript(phone):
    page = phone("en", java_script_enabled=False).new_page()
    log_in(page)
    page.goto("/tonight/")
    names = page.locator("ol.call-list > li h3 a").all_inner_texts()
    page.locator("ol.call-list > li").first.locator("button[value=no-answer]").click()
    page.wait_for_load_state()
    assert page.locator("ol.call-list > li h3 a").first.inner_text() != names[0]
    assert "so far" in page.locator("p.tally").inner_text()


def test_a_vcard_file_is_imported_through_the_upload_page(demo_page):
    demo_page.goto("/contacts/import/")
    demo_page.locator("input[type=file]").set_input_files(str(CORPUS / "vcard" / "gmail-list.vcf"))
    demo_page.locator("main form button[type=submit]").click()
    demo_page.wait_for_load_state()
    result = demo_page.locator("main").inner_text()
    assert "3" in result
    demo_page.goto("/contacts/?q=Chris+Beatle")
    assert "Chris Beatle" in demo_page.locator("main").inner_text()


def test_an_outsider_cannot_open_the_owners_pages(phone, demo_page):
    demo_page.goto("/tonight/")
    link = demo_page.locator("ol.call-list > li h3 a").first
    name, contact_url = link.inner_text(), link.get_attribute("href")
    demo_page.goto("/meals/")
    meal_url = demo_page.locator("main a[href^='/meals/'][href$='/']").last.get_attribute("href")

    outsider = phone("en").new_page()
    log_in(outsider, "outsider", OUTSIDER_PASSWORD)
    for url in (contact_url, contact_url + "edit/", meal_url, meal_url + "receipt.pdf"):
        response = outsider.goto(url) if not url.endswith(".pdf") else outsider.request.get(url)
        assert response.status == 404, url
        assert name not in (response.text() if url.endswith(".pdf") else outsider.content())
    outsider.goto("/contacts/")
    assert name not in outsider.locator("main").inner_text()
