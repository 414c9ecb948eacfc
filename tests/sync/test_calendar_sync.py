"""Calendars followed over CalDAV (the `caldav` library), against a real Radicale server:
discovery, events becoming trips, moves and cancellations at the source, the user's own edits
surviving, picking calendars on the page and by command, and failures said in words."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from tafelrunde.accounts.models import profile_for
from tafelrunde.sync import calendars
from tafelrunde.sync import http as sync_http
from tafelrunde.sync.errors import SyncError
from tafelrunde.sync.models import Item, Source
from tafelrunde.sync.run import run_sync
from tafelrunde.sync.sources import add_source, error_text
from tafelrunde.travel.models import Trip
from tests.conftest import CORPUS
from tests.factories import AttemptFactory, EveningFactory
from tests.sync.radicale_server import USERS, RadicaleServer

pytestmark = pytest.mark.django_db(transaction=True)


def event(
    uid: str,
    location: str = "Leipzig",
    start: str = "20270310",
    end: str = "20270313",
    summary: str = "Messe",
    status: str = "",
) -> bytes:
    """One event as Apple's or Thunderbird's calendar stores it: all-day, end exclusive."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Apple Inc.//macOS 15.1//EN",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261201T090000Z",
        f"DTSTART;VALUE=DATE:{start}",
        f"DTEND;VALUE=DATE:{end}",
        f"SUMMARY:{summary}",
        f"LOCATION:{location}",
    ]
    if status:
        lines.append(f"STATUS:{status}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture
def server(tmp_path):
    with RadicaleServer(tmp_path / "radicale") as radicale:
        radicale.make_calendar("anna", "work", "Arbeit")
        yield radicale


@pytest.fixture
def home_in_dresden(owner, dresden):
    profile = profile_for(owner)
    profile.home_place, profile.home_country = dresden, "DE"
    profile.save()


def follow(owner, server, **kwargs) -> Source:
    kwargs.setdefault("password", USERS["anna"])
    return add_source(owner, "caldav", server.url, username="anna", **kwargs)


def synced(source: Source):
    result = run_sync(source, "test-worker")
    assert result.error is None, result.error.text
    return result.report


def trips(owner) -> list[Trip]:
    return list(Trip.objects.filter(owner=owner).select_related("place").order_by("start"))


def test_discovery_finds_the_calendars_with_events_and_not_the_address_books(server):
    server.make_calendar("anna", "private", "Privat")
    server.make_address_book("anna", "contacts", "Kontakte")
    found = calendars.discover_calendars(server.url, "anna", USERS["anna"])
    assert sorted(c.name for c in found) == ["Arbeit", "Privat"]
    assert all(c.url.startswith(server.url + "anna/") for c in found)


def test_events_become_trips_and_a_sync_with_nothing_changed_changes_nothing(
    owner, server, home_in_dresden
):
    server.put("anna", "work", "messe.ics", event("messe-2027"))
    server.put("anna", "work", "home.ics", event("home", location="Dresden", summary="Büro"))
    source = follow(owner, server)

    report = synced(source)
    (trip,) = trips(owner)
    assert (trip.place.name, trip.start, trip.end, trip.title) == (
        "Leipzig",
        dt.date(2027, 3, 10),
        dt.date(2027, 3, 12),
        "Messe",
    )
    assert report.created == 1
    # The event at home makes no trip, but is remembered, so it is not fetched again.
    assert Item.objects.filter(collection__source=source).count() == 2
    assert source.collections.get().sync_token

    again = synced(source)
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    assert len(trips(owner)) == 1


def test_an_event_moved_at_the_source_moves_the_trip_and_a_deleted_one_takes_it_along(
    owner, server, home_in_dresden
):
    server.put("anna", "work", "messe.ics", event("messe-2027"))
    server.put(
        "anna",
        "work",
        "hamburg.ics",
        event("hh", location="Hamburg", start="20270401", end="20270403"),
    )
    source = follow(owner, server)
    synced(source)
    assert len(trips(owner)) == 2

    server.put("anna", "work", "messe.ics", event("messe-2027", start="20270311", end="20270315"))
    server.delete("anna", "work", "hamburg.ics")
    report = synced(source)
    (trip,) = trips(owner)
    assert (trip.place.name, trip.start, trip.end) == (
        "Leipzig",
        dt.date(2027, 3, 11),
        dt.date(2027, 3, 14),
    )
    assert (report.updated, report.removed) == (1, 1)


def test_the_users_edit_stays_and_a_cancelled_trip_with_calls_is_kept_and_marked(
    owner, server, home_in_dresden
):
    server.put("anna", "work", "messe.ics", event("messe-2027"))
    source = follow(owner, server)
    synced(source)
    (trip,) = trips(owner)
    trip.title = "Messe mit Frank"
    trip.save()
    AttemptFactory(evening=EveningFactory(owner=owner, trip=trip, date=trip.start))

    server.put("anna", "work", "messe.ics", event("messe-2027", summary="Leipziger Messe"))
    synced(source)
    trip.refresh_from_db()
    assert trip.title == "Messe mit Frank"
    assert Item.objects.get(trip=trip).offered == {"title": "Leipziger Messe"}

    server.put("anna", "work", "messe.ics", event("messe-2027", status="CANCELLED"))
    report = synced(source)
    assert trips(owner) == [trip]  # the calls made on that trip are not lost
    assert Item.objects.get(trip=trip).removed_at is not None
    assert report.removed == 1


def test_a_token_the_server_no_longer_knows_falls_back_to_the_full_listing(
    owner, server, home_in_dresden
):
    server.put("anna", "work", "messe.ics", event("messe-2027"))
    server.put(
        "anna",
        "work",
        "hamburg.ics",
        event("hh", location="Hamburg", start="20270401", end="20270403"),
    )
    source = follow(owner, server)
    synced(source)
    source.collections.update(sync_token="http://radicale.org/ns/sync/forgotten")
    server.delete("anna", "work", "hamburg.ics")

    report = synced(source)
    assert [t.place.name for t in trips(owner)] == ["Leipzig"]
    assert (report.removed, report.unchanged) == (1, 1)


def test_a_real_export_and_a_broken_event_are_read_without_stopping(owner, server, home_in_dresden):
    path = CORPUS / "ics" / "event_dt_simple_nocat.ics"
    if not path.is_file():
        pytest.skip(f"the shared corpus is missing at {CORPUS}")
    server.put("anna", "work", "real.ics", path.read_bytes())
    server.put("anna", "work", "messe.ics", event("messe-2027"))
    # Radicale stores an event that ends before it starts; the importer does not take it.
    server.put("anna", "work", "broken.ics", event("broken", start="20270401", end="20270313"))

    report = synced(source := follow(owner, server))
    assert [t.place.name for t in trips(owner)] == ["Leipzig"]
    assert len(report.problems) == 1  # the event that ends before it starts
    assert Item.objects.filter(collection__source=source, trip__isnull=True).count() >= 1


def test_a_wrong_password_is_said_in_words_and_waits_for_the_user(owner, server):
    source = follow(owner, server)
    source.set_password("wrong")
    source.save()
    result = run_sync(source, "test-worker")
    assert result.error is not None
    assert result.error.text == "the server refused the user name or password"
    assert result.error.retry is False
    assert error_text(source) == "the server refused the user name or password"

    with pytest.raises(SyncError) as raised:
        follow(owner, server, password="wrong")
    assert raised.value.text == "the server refused the user name or password"


def test_an_answer_larger_than_the_bound_stops_the_sync(owner, server, monkeypatch):
    server.put("anna", "work", "long.ics", event("long", summary="x" * 5000))
    source = follow(owner, server)
    monkeypatch.setattr(sync_http, "MAX_RESPONSE_BYTES", 4000)
    result = run_sync(source, "test-worker")
    assert result.error is not None
    assert result.error.text.startswith("the server's answer is larger than")


def test_the_page_asks_which_calendars_to_follow(owner_client, owner, server, home_in_dresden):
    server.make_calendar("anna", "private", "Privat")
    server.put("anna", "private", "urlaub.ics", event("urlaub", location="Hamburg"))
    server.put("anna", "work", "messe.ics", event("messe-2027"))

    answer = owner_client.post(
        "/settings/sources/",
        {"kind": "caldav", "address": server.url, "username": "anna", "password": USERS["anna"]},
    )
    source = Source.objects.get(owner=owner)
    assert answer.status_code == 302 and answer.url == f"/settings/sources/{source.pk}/choose/"
    assert source.next_run_at is None  # nothing syncs before the user picked
    page = owner_client.get("/settings/sources/").content.decode()
    assert "Choose the calendars to follow" in page

    page = owner_client.get(answer.url).content.decode()
    assert "Arbeit" in page and "Privat" in page
    assert USERS["anna"] not in page
    work = source.collections.get(name="Arbeit")
    assert owner_client.post(answer.url, {}).status_code == 200  # none chosen: asked again
    assert owner_client.post(answer.url, {"chosen": [work.pk]}).status_code == 302

    source.refresh_from_db()
    assert source.next_run_at is not None
    synced(source)
    assert [t.place.name for t in trips(owner)] == ["Leipzig"]


def test_another_account_cannot_choose_for_a_source(owner, outsider_client, server):
    source = follow(owner, server)
    url = f"/settings/sources/{source.pk}/choose/"
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, {"chosen": [source.collections.get().pk]}).status_code == 404


def test_the_command_follows_only_the_calendars_named(owner, server, run_command, monkeypatch):
    import io

    server.make_calendar("anna", "private", "Privat")
    monkeypatch.setattr("sys.stdin", io.StringIO(USERS["anna"] + "\n"))
    status, out, err = run_command(
        "source", "add", "caldav", server.url, "--username", "anna", "--password-stdin",
        "--only", "Arbeit", "--json",
    )  # fmt: skip
    assert status == 0, err
    shown = json.loads(out)
    assert (shown["kind"], shown["collections"]) == ("caldav", ["Arbeit"])

    monkeypatch.setattr("sys.stdin", io.StringIO(USERS["anna"] + "\n"))
    status, _out, err = run_command(
        "source", "add", "caldav", server.url, "--username", "anna", "--password-stdin",
        "--only", "Urlaub",
    )  # fmt: skip
    assert status == 1
    assert "found: Arbeit, Privat" in err or "found: Privat, Arbeit" in err


def test_the_corpus_calendars_make_the_same_trips_as_their_file_import(
    owner, server, home_in_dresden, dresden
):
    from tafelrunde.exchange.importing import import_files
    from tests.factories import UserFactory

    files = sorted((CORPUS / "ics").glob("*.ics"))
    if not files:
        pytest.skip(f"the shared corpus is missing at {CORPUS}")
    stored = []
    for path in files:
        data = path.read_bytes()
        if b"LOCATION" not in data:  # as if the user had said where: the rest stays as is
            data = re.sub(rb"BEGIN:VEVENT(\r?\n)", rb"BEGIN:VEVENT\1LOCATION:Leipzig\1", data)
        try:  # Radicale refuses what CalDAV forbids (several UIDs in one object, …)
            server.put("anna", "work", path.name, data)
        except RuntimeError:
            continue
        stored.append((path.name, data))
    assert len(stored) >= 15

    source = follow(owner, server)
    synced(source)
    assert synced(source).counts() == {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}

    other = UserFactory(username="file-importer")
    profile = profile_for(other)
    profile.home_place, profile.home_country = dresden, "DE"
    profile.save()
    for name, data in stored:
        import_files(other, [(name, data)])

    def said(account):
        return sorted((t.place.name, t.start, t.end, t.title) for t in trips(account))

    assert len(said(owner)) >= 10
    assert said(owner) == said(other)
