"""The settings page: the host's name on receipts, home place and country, language."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from tafelrunde.accounts.models import profile_for
from tests.factories import PlaceFactory


def settings_data(**overrides) -> dict:
    data = {
        "first_name": "Hans",
        "last_name": "Gastgeber",
        "email": "hans@gastgeber.example",
        "full_name": "Hans Gastgeber, Gastgeber GmbH",
        "home_place": "",
        "home_country": "DE",
        "language": "de",
    }
    data.update(overrides)
    return data


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def test_it_shows_the_current_settings(owner_client, owner):
    profile = profile_for(owner)
    profile.home_place = PlaceFactory(city="Dresden")
    profile.full_name = "Hans Gastgeber"
    profile.save()
    response = owner_client.get(reverse("settings"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Dresden"' in page
    assert "Now: Dresden (DE)" in text(response)
    assert '<option value="DE" selected>Germany (DE)</option>' in page


def test_it_saves_the_home_place_in_any_spelling(owner_client, owner):
    response = owner_client.post(reverse("settings"), settings_data(home_place="Muenchen"))
    assert response.status_code == 302
    profile = profile_for(owner)
    assert profile.home_place.name == "Munich"
    assert profile.full_name == "Hans Gastgeber, Gastgeber GmbH"
    owner.refresh_from_db()
    assert owner.email == "hans@gastgeber.example"
    assert "Settings saved." in text(owner_client.get(response.url))


def test_an_unknown_place_is_refused_and_nothing_is_saved(owner_client, owner):
    response = owner_client.post(
        reverse("settings"), settings_data(home_place="Atlantis-upon-Sea", full_name="Changed")
    )
    assert response.status_code == 200
    assert "No place called “Atlantis-upon-Sea” is known." in text(response)
    profile = profile_for(owner)
    assert (profile.home_place, profile.full_name) == (None, "")


def test_keeping_the_place_name_keeps_the_same_place(owner_client, owner):
    radebeul = PlaceFactory(city="Radebeul")
    profile = profile_for(owner)
    profile.home_place = radebeul
    profile.save()
    owner_client.post(reverse("settings"), settings_data(home_place="Radebeul"))
    assert profile_for(owner).home_place == radebeul


def test_an_empty_place_clears_it(owner_client, owner):
    profile = profile_for(owner)
    profile.home_place = PlaceFactory(city="Berlin")
    profile.save()
    owner_client.post(reverse("settings"), settings_data(home_place=""))
    assert profile_for(owner).home_place is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("home_country", "Germany"), ("home_country", "XX"), ("language", "fr"), ("email", "hans@")],
)
def test_nonsense_is_a_form_error(owner_client, owner, field, value):
    response = owner_client.post(reverse("settings"), settings_data(**{field: value}))
    assert response.status_code == 200
    assert "Please correct the marked fields." in text(response)
    assert profile_for(owner).full_name == ""


def test_home_country_and_language_are_saved(owner_client, owner):
    owner_client.post(reverse("settings"), settings_data(home_country="PT", language="en"))
    profile = profile_for(owner)
    assert (profile.home_country, profile.language) == ("PT", "en")


def test_the_outsider_sees_only_their_own_settings(client, owner, outsider):
    profile = profile_for(owner)
    profile.full_name = "Hans Gastgeber, Gastgeber GmbH"
    profile.save()
    client.force_login(outsider)
    assert "Gastgeber GmbH" not in text(client.get(reverse("settings")))
    client.post(reverse("settings"), settings_data(full_name="Outsider AG"))
    assert profile_for(owner).full_name == "Hans Gastgeber, Gastgeber GmbH"
    assert profile_for(outsider).full_name == "Outsider AG"


def test_the_header_links_to_import_and_settings(owner_client):
    page = owner_client.get(reverse("home")).content.decode()
    assert f'href="{reverse("contact-import")}"' in page
    assert f'href="{reverse("settings")}"' in page


def test_strangers_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("settings"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
