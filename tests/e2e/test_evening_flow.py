"""A trip evening on a phone, start to finish, in a real browser against a real server:
log in → today's trip → the Tonight list → a "no" → the next person → a "yes" → plan and
complete the dinner → the receipt PDF → the statistics. Once in English, once in German.
"""

import io

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

# A few words each page says in each language, to prove the language followed the browser.
WORDS = {
    "en": {"tonight": "Whom to call", "stats": "Does it work?", "declined": "call"},
    "de": {"tonight": "Wen anrufen", "stats": "Funktioniert es?", "declined": "Anruf"},
}


def call_list_names(page) -> list[str]:
    return page.locator("ol.call-list > li h3 a").all_inner_texts()


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_evening_from_the_list_to_the_receipt(phone, language):
    page = phone(language).new_page()
    log_in(page)
    assert page.locator("html").get_attribute("lang") == language

    page.locator("section.today a[href='/tonight/']").click()
    assert WORDS[language]["tonight"] in page.locator("main").inner_text()
    rows = page.locator("ol.call-list:not(.introductions) > li")  # the own list, not the team's
    assert rows.count() >= 3
    for row in rows.all():
        assert row.locator("a[href^='tel:']").count() == 1, row.inner_text()

    first = call_list_names(page)[0]
    rows.first.locator("button[value=declined]").click()
    page.wait_for_load_state()
    assert call_list_names(page)[0] != first, "the next person comes up after a no"
    assert first not in call_list_names(page)[:1]
    assert WORDS[language]["declined"] in page.locator("p.tally").inner_text()

    guest = call_list_names(page)[0]
    page.locator("ol.call-list > li").first.locator("button[value=accepted]").click()
    assert guest in page.locator("h1").inner_text()
    page.locator("input[name=time]").fill("19:30")
    page.locator("input[name=restaurant]").fill("Sophienkeller")
    page.locator("main form button[type=submit]").click()
    assert guest in page.locator("main").inner_text()

    page.locator("main a[href$='/edit/']").first.click()
    page.locator("input[name=amount]").fill("86.50" if language == "en" else "86,50")
    page.locator("input[name=tip]").fill("8.50" if language == "en" else "8,50")
    page.locator("[name=occasion]").fill("Abstimmung Projekt Elbbrücke, Phase 2")
    page.locator("input[name=business][value=True]").check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    detail = page.locator("main").inner_text()
    assert "Sophienkeller" in detail
    assert ("€86.50" if language == "en" else "86,50 €") in detail

    with page.expect_download() as download:
        page.locator("a[href$='receipt.pdf']").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    receipt = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert guest.split()[-1] in receipt
    assert "Sophienkeller" in receipt

    page.locator("nav details.more > summary").click()  # on a phone, under "More"
    page.locator("nav details.more a[href='/stats/']").click()
    assert WORDS[language]["stats"] in page.locator("h1").inner_text()
    charts = page.locator("main svg")
    assert charts.count() >= 1
