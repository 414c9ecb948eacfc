"""/calendar/<token>.ics answers only a valid token; Settings makes, renews and revokes it."""

import datetime as dt
import hashlib

import icalendar
import pytest
from django.urls import reverse

from tafelrunde.reminders.feed import feed_json, feed_url, owner_for_token, revoke_feed
from tafelrunde.reminders.models import CalendarFeed
from tests.factories import TripFactory

pytestmark = pytest.mark.django_db


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def path_of(url: str) -> str:
    return reverse("calendar-feed", kwargs={"token": token_of(url)})


def test_the_feed_answers_its_calendar_without_a_login(client, owner, dresden):
    trip = TripFactory(owner=owner, place=dresden)
    response = client.get(path_of(feed_url(owner)))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert f"trip-{trip.pk}@tafelrunde" in [str(e["uid"]) for e in calendar.walk("VEVENT")]


def test_the_url_is_absolute_and_the_token_stored_only_hashed_and_sealed(settings, owner):
    settings.TAFELRUNDE_BASE_URL = "https://tafel.example"
    url = feed_url(owner)
    assert url.startswith("https://tafel.example/calendar/") and url.endswith(".ics")
    token = token_of(url)
    assert len(token) >= 43  # 32 random bytes
    feed = CalendarFeed.objects.get(owner=owner)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in feed.token_sealed
    assert feed_url(owner) == url  # shown again, not made again


def test_feed_json_says_whether_it_was_made(owner):
    made = feed_json(owner)
    assert made["created"] is True
    assert feed_json(owner) == {"url": made["url"], "created": False}


def test_a_revoked_token_answers_404(client, owner):
    url = feed_url(owner)
    assert revoke_feed(owner)
    assert client.get(path_of(url)).status_code == 404
    assert feed_url(owner, make=False) is None
    assert not revoke_feed(owner)


@pytest.mark.parametrize("token", ["unknown", "x" * 43, "x" * 500])
def test_an_unknown_token_answers_404(client, owner, token):
    feed_url(owner)
    assert client.get(reverse("calendar-feed", kwargs={"token": token})).status_code == 404


def test_each_token_opens_only_its_own_accounts_calendar(client, owner, outsider, dresden):
    TripFactory(owner=owner, place=dresden, title="Owner's trip")
    TripFactory(owner=outsider, place=dresden, title="Outsider's trip")
    assert owner_for_token(token_of(feed_url(outsider))) == outsider
    response = client.get(path_of(feed_url(outsider)))
    summaries = [
        str(e["summary"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    ]
    assert "Outsider's trip" in summaries
    assert "Owner's trip" not in summaries


def test_a_deactivated_accounts_feed_answers_404(client, owner):
    url = feed_url(owner)
    owner.is_active = False
    owner.save()
    assert client.get(path_of(url)).status_code == 404


def test_settings_offers_to_make_the_address(owner_client):
    response = owner_client.get(reverse("settings"))
    assert "Make a calendar address" in response.text
    assert reverse("reminders-feed-make") in response.text


def test_settings_makes_the_address_and_shows_it(owner_client, owner):
    response = owner_client.post(reverse("reminders-feed-make"))
    assert response.status_code == 302
    assert response.url == reverse("settings") + "#calendar-feed"
    url = feed_url(owner, make=False)
    page = owner_client.get(reverse("settings")).text
    assert url in page
    assert "webcal://" + url.removeprefix("http://") in page
    owner_client.post(reverse("reminders-feed-make"))
    assert feed_url(owner, make=False) == url  # made once, not again


def test_a_new_address_replaces_the_old(client, owner_client, owner):
    old = feed_url(owner)
    owner_client.post(reverse("reminders-feed-make"), {"new": "1"})
    new = feed_url(owner, make=False)
    assert new != old
    assert CalendarFeed.objects.filter(owner=owner).count() == 1
    client.logout()
    assert client.get(path_of(old)).status_code == 404
    assert client.get(path_of(new)).status_code == 200


def test_settings_revokes_the_address(client, owner_client, owner):
    url = feed_url(owner)
    response = owner_client.post(reverse("reminders-feed-revoke"))
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()
    assert "Make a calendar address" in owner_client.get(reverse("settings")).text
    client.logout()
    assert client.get(path_of(url)).status_code == 404


def test_revoking_leaves_another_accounts_feed_alone(outsider_client, owner):
    url = feed_url(owner)
    outsider_client.post(reverse("reminders-feed-revoke"))
    assert feed_url(owner, make=False) == url


def test_the_buttons_take_only_post_and_a_login(client, owner_client):
    assert owner_client.get(reverse("reminders-feed-make")).status_code == 405
    client.logout()
    response = client.post(reverse("reminders-feed-make"))
    assert response.status_code == 302 and reverse("login") in response.url
    assert not CalendarFeed.objects.exists()


def test_the_feed_survives_a_lost_key_by_offering_a_new_address(owner, settings, tmp_path):
    from tafelrunde.sync.secret_box import forget_key_cache

    feed_url(owner)
    settings.DATA_DIR = tmp_path  # another key file: the sealed token cannot be opened
    forget_key_cache()
    try:
        assert feed_url(owner, make=False) is None
        assert feed_url(owner) is not None
        assert CalendarFeed.objects.filter(owner=owner).count() == 1
    finally:
        forget_key_cache()


def test_the_feed_is_fetched_on_its_date(client, owner, dresden):
    past = TripFactory(
        owner=owner, place=dresden, start=dt.date(2001, 1, 1), end=dt.date(2001, 1, 2)
    )
    response = client.get(path_of(feed_url(owner)))
    assert f"trip-{past.pk}@tafelrunde".encode() not in response.content


def test_a_calendar_client_may_ask_with_head(client, owner):
    assert client.head(path_of(feed_url(owner))).status_code == 200
