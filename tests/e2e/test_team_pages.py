"""A team in a real browser against the real server, once in English and once in German (the
account's language setting): the demo host creates a team and gets an invitation link, a
colleague joins by it on a phone without JavaScript and shares her customers, and the host's
Tonight page shows them "through colleagues" with a ready request for an introduction, beside
the people of the demo's own team. At the end the host deletes the new team, and Tonight is as
before.

These tests run after the other browser tests (the server is shared by the session) and leave
the demo account as they found it: the demo's team only, the language following the browser.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from tests.e2e import accessibility
from tests.e2e.conftest import log_in
from tests.e2e.server import tafelrunde

pytestmark = pytest.mark.e2e

PASSWORD = "a colleague's own password"
# A word the host's Tonight page says in each language, to prove the language was applied.
TONIGHT = {"en": "Whom to call", "de": "Wen anrufen"}
COLLEAGUE = """
from django.contrib.auth import get_user_model
from tafelrunde.accounts.models import profile_for
from tafelrunde.network.models import Contact
from tafelrunde.network.places import find_place

user = get_user_model().objects.create_user(
    {username!r}, email={username!r} + "@firma.example", password={password!r}
)
profile = profile_for(user)
profile.full_name = "Anna Schmidt"
profile.save()
for given, family, organisation, kind in [
    ("Xaver", "Zwiebelmeier", "Zwiebel AG", "customer"),
    ("Paula", "Privatfreundin", "", "friend"),
]:
    contact = Contact(owner=user, given_name=given, family_name=family,
                      organisation=organisation, kinds=[kind])
    contact.set_location(find_place("Dresden"), "address", 0.95)
    contact.save()
"""


def choose_language(page, language: str) -> None:
    """The account's language of the pages, set on the settings page ("" follows the browser)."""
    page.goto("/settings/")
    page.locator("select[name=page_language]").select_option(language)
    page.locator("main form.stacked button[type=submit]").first.click()
    page.wait_for_load_state()


def through_colleagues(page) -> str:
    section = page.locator("section.through-colleagues")
    return section.inner_text() if section.count() else ""


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_team_from_the_invitation_to_tonight_through_colleagues(
    phone, demo_environment, language
):
    username = f"anna-{language}"
    tafelrunde(
        demo_environment, "shell", "-c", COLLEAGUE.format(username=username, password=PASSWORD)
    )
    host = phone("en" if language == "de" else "de").new_page()  # the account's choice wins
    log_in(host)
    choose_language(host, language)
    assert host.locator("html").get_attribute("lang") == language
    try:
        team_path = create_team_and_invite(phone, host, language, username)
        host.goto("/tonight/")
        assert TONIGHT[language] in host.locator("main").inner_text()
        shown = through_colleagues(host)
        assert "Xaver Zwiebelmeier" in shown and "Zwiebel AG" in shown
        assert "Paula" not in host.locator("main").inner_text()  # her friend is not shared
        # The demo's own colleagues are asked too; Anna's link is the one to her.
        ask = host.locator(f"section.through-colleagues a[href^='mailto:{username}@']").first
        assert ask.get_attribute("href").startswith(f"mailto:{username}@firma.example?subject=")
        assert "Xaver Zwiebelmeier (Zwiebel AG)" in unquote(ask.get_attribute("href"))
        assert accessibility.problems(host) == {}

        host.goto(team_path + "delete/")
        host.locator("main form button[type=submit]").click()
        host.wait_for_load_state()
        assert urlsplit(host.url).path == "/settings/teams/"
        host.goto("/tonight/")
        assert "Xaver Zwiebelmeier" not in through_colleagues(host)
    finally:
        choose_language(host, "")


def create_team_and_invite(phone, host, language: str, username: str) -> str:
    """The host makes a team and a link; the colleague joins and shares; the team's path."""
    host.goto("/settings/")
    host.locator("main a[href='/settings/teams/']").click()
    host.locator("input[name=name]").fill(f"Vertrieb {language}")
    host.locator("main form button[type=submit]").click()
    host.wait_for_load_state()
    assert host.locator("h1").inner_text() == f"Vertrieb {language}"
    team_path = urlsplit(host.url).path
    assert accessibility.problems(host) == {}

    host.locator("form[action$='/invite/'] button[type=submit]").click()
    host.wait_for_load_state()
    link = host.locator("#invitation-link").input_value()
    assert "/teams/join/" in link

    # Joining and sharing work without JavaScript, on a phone whose browser speaks English.
    anna = phone("en", java_script_enabled=False).new_page()
    log_in(anna, username, PASSWORD)
    choose_language(anna, language)
    anna.goto(urlsplit(link).path)
    assert anna.locator("html").get_attribute("lang") == language
    heading = anna.locator("h1").inner_text()
    assert "Hans Gastgeber" in heading and f"Vertrieb {language}" in heading
    anna.locator("main form button[type=submit]").first.click()
    anna.wait_for_load_state()
    assert urlsplit(anna.url).path == team_path
    assert accessibility.problems(anna) == {}
    anna.locator("input[name=kinds][value=customer]").check()
    anna.locator("form.sharing button[type=submit]").click()
    anna.wait_for_load_state()
    assert anna.locator("input[name=kinds][value=customer]").is_checked()
    assert "Hans Gastgeber" in anna.locator("ul.members").inner_text()
    host.reload()
    assert "Anna Schmidt" in host.locator("ul.members").inner_text()
    return team_path
