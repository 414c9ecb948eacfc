"""Reminder mails through a real SMTP server (aiosmtpd): a fortnight walked in quarter hours
across two daylight-saving changes, with trips in Leipzig, New York and Munich; the mail
server down and up again; two workers at once; switched off; the preview and the command."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from tafelrunde.accounts.models import profile_for
from tafelrunde.network.models import Contact, Place
from tafelrunde.reminders.models import Kind, Message, ReminderSettings
from tafelrunde.reminders.outbox import queue_due, send_due, unsubscribe_url
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
    FollowUpFactory,
    PhoneFactory,
    TripFactory,
)
from tests.reminders.smtp_server import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)

UTC = dt.UTC
QUARTER = dt.timedelta(minutes=15)


def place(name: str, country: str, lat: float, lon: float, zone: str, geonameid: int) -> Place:
    return Place.objects.create(
        geonameid=geonameid, name=name, country=country, latitude=lat, longitude=lon, timezone=zone
    )


def located(owner, where: Place, full_name: str, phone: str, **fields) -> Contact:
    given, family = full_name.split(" ", 1)
    contact = ContactFactory.build(owner=owner, given_name=given, family_name=family, **fields)
    contact.set_location(where, "address", 0.9)
    contact.save()
    PhoneFactory(contact=contact, number=phone)
    return contact


@pytest.fixture
def hans(owner, dresden):
    """At home in Dresden, reading German."""
    owner.email = "hans@example.com"
    owner.save()
    profile = profile_for(owner)
    profile.home_place, profile.home_country = dresden, "DE"
    profile.language = profile.page_language = "de"
    profile.save()
    return owner


@pytest.fixture
def leipzig(db):
    return place("Leipzig", "DE", 51.33962, 12.37129, "Europe/Berlin", 2879139)


@pytest.fixture
def new_york(db):
    return place("New York City", "US", 40.71427, -74.00597, "America/New_York", 5128581)


@pytest.fixture
def munich(db):
    return place("München", "DE", 48.13743, 11.57549, "Europe/Berlin", 2867714)


def walk(smtp: SmtpServer, start: dt.datetime, end: dt.datetime, at=None) -> list[tuple]:
    """Step through time in quarter hours as the worker would; (moment, message) as each
    mail arrives. `at` maps a moment to something to do then (a trip added late)."""
    arrived: list[tuple] = []
    now = start
    while now < end:
        if at and now in at:
            at[now]()
        queue_due(now)
        send_due("worker-1", now)
        while len(arrived) < len(smtp.messages):
            arrived.append((now, smtp.messages[len(arrived)]))
        now += QUARTER
    return arrived


def subject(message) -> str:
    return " ".join(str(message["Subject"]).split())


def body(message, subtype="plain") -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()


def test_a_fortnight_each_mail_once_at_the_right_local_time(smtp, hans, leipzig, new_york, munich):
    frank = located(hans, leipzig, "Frank Lindner", "+4934112345678", language="de")
    frank.address_form = "sie"
    frank.save()
    located(hans, new_york, "Jane Doe", "+12125550100", language="en")
    birthday_child = ContactFactory(
        owner=hans, given_name="Ute", family_name="Kern", language="de", address_form="du",
        birthday=dt.date(1970, 10, 30),
    )  # fmt: skip
    FollowUpFactory(contact=birthday_child, text="Angebot schicken", due=dt.date(2026, 10, 28))
    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 10, 26), end=dt.date(2026, 10, 28))
    TripFactory(owner=hans, place=new_york, start=dt.date(2026, 10, 29), end=dt.date(2026, 11, 1))
    # 27 October found company; on the 28th Hans said "alone tonight".
    evening = EveningFactory(owner=hans, place=leipzig, date=dt.date(2026, 10, 27))
    AttemptFactory(evening=evening, contact=frank, outcome="accepted")
    EveningFactory(
        owner=hans,
        place=leipzig,
        date=dt.date(2026, 10, 28),
        alone_at=dt.datetime(2026, 10, 28, 9, tzinfo=UTC),
    )

    def munich_trip_added_late():  # a day trip on 2 November, added on 1 November at noon
        TripFactory(owner=hans, place=munich, start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 2))

    added = dt.datetime(2026, 11, 1, 12, tzinfo=UTC)
    arrived = walk(
        smtp,
        dt.datetime(2026, 10, 19, tzinfo=UTC),
        dt.datetime(2026, 11, 3, tzinfo=UTC),
        at={added: munich_trip_added_late},
    )

    said = [(moment, subject(message)) for moment, message in arrived]
    expected = [
        # Monday 08:00 in Dresden is 06:00 UTC in summer time …
        (dt.datetime(2026, 10, 19, 6, tzinfo=UTC), "weekly"),
        # … three days before Leipzig, at 08:00 at home …
        (dt.datetime(2026, 10, 23, 6, tzinfo=UTC), "digest Leipzig"),
        # … and 07:00 UTC after the clocks went back on 25 October.
        (dt.datetime(2026, 10, 26, 7, tzinfo=UTC), "digest New York"),
        (dt.datetime(2026, 10, 26, 7, tzinfo=UTC), "weekly"),
        (dt.datetime(2026, 10, 26, 15, tzinfo=UTC), "nudge Leipzig"),  # 16:00 CET
        (dt.datetime(2026, 10, 29, 20, tzinfo=UTC), "nudge New York"),  # 16:00 EDT
        (dt.datetime(2026, 10, 30, 20, tzinfo=UTC), "nudge New York"),
        (dt.datetime(2026, 10, 31, 20, tzinfo=UTC), "nudge New York"),
        (dt.datetime(2026, 11, 1, 12, tzinfo=UTC), "digest München"),  # at once
        (dt.datetime(2026, 11, 1, 21, tzinfo=UTC), "nudge New York"),  # 16:00 EST
        (dt.datetime(2026, 11, 2, 7, tzinfo=UTC), "weekly"),
        (dt.datetime(2026, 11, 2, 15, tzinfo=UTC), "nudge München"),
    ]
    assert [moment for moment, _subject in said] == [moment for moment, _what in expected]
    for (moment, line), (_moment, what) in zip(said, expected, strict=True):
        kind, _space, city = what.partition(" ")
        if kind == "nudge":
            assert line.startswith(f"Heute Abend in {city}"), (moment, line)
        elif kind == "digest":
            assert line.startswith(city) and "Sie kennen" in line, (moment, line)
        else:
            assert line.startswith("Diese Woche"), (moment, line)

    by_subject = {subject(message): message for _moment, message in arrived}
    nudge = next(m for s, m in by_subject.items() if s.startswith("Heute Abend in Leipzig"))
    assert "Frank Lindner" in subject(nudge)
    assert "tel:+4934112345678" in body(nudge, "html")
    assert "https://tafelrunde.example.com/tonight/?date=2026-10-26" in body(nudge)
    first_weekly = arrived[0][1]
    assert "Ute Kern" in body(first_weekly) and "Geburtstag" in body(first_weekly)
    assert "Angebot schicken" not in body(first_weekly)  # not due yet
    assert "Angebot schicken" in body(arrived[10][1])
    digest = arrived[2][1]
    assert "Jane Doe" in body(digest) and "+12125550100" in body(digest)
    assert Message.objects.filter(status=Message.Status.SENT).count() == len(expected)


def test_a_mail_is_multipart_german_light_and_says_how_to_switch_it_off(
    smtp, hans, leipzig, client
):
    located(hans, leipzig, "Frank Lindner", "+4934112345678")
    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 11))
    now = dt.datetime(2026, 3, 10, 15, 5, tzinfo=UTC)  # 16:05 in Leipzig
    queue_due(now)
    send_due("w", now)
    (mail,) = smtp.messages
    assert mail["To"] == "hans@example.com"
    assert mail["Content-Language"] == "de"
    assert mail.get_body(preferencelist=("plain",)) is not None
    html = body(mail, "html")
    assert "<img" not in html and "src=" not in html  # nothing fetched from elsewhere
    assert "https://tafelrunde.example.com/settings/reminders/" in body(mail)
    off = "".join(str(mail["List-Unsubscribe"]).split()).strip("<>")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # One click from the mail program switches nudges off (no login, no form).
    assert client.post(off.removeprefix("https://tafelrunde.example.com")).status_code == 200
    assert ReminderSettings.objects.get(owner=hans).nudge is False
    assert client.get("/reminders/off/forged/").status_code == 404


def test_the_mail_server_down_then_up_delivers_once_later(smtp, hans, leipzig):
    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 11))
    smtp.stop()
    now = dt.datetime(2026, 3, 10, 15, tzinfo=UTC)
    queue_due(now)
    (outcome,) = send_due("w", now)
    assert outcome.error == "the mail server could not be reached"
    message = Message.objects.get(kind=Kind.NUDGE)
    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert send_due("w", now + dt.timedelta(seconds=30)) == []  # waits before trying again

    smtp.start()
    later = now + dt.timedelta(minutes=2)
    queue_due(later)
    send_due("w", later)
    send_due("w", later + dt.timedelta(minutes=5))
    assert len(smtp.messages) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_a_nudge_that_could_not_go_before_midnight_is_not_sent_the_next_day(smtp, hans, leipzig):
    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 10))
    smtp.stop()
    now = dt.datetime(2026, 3, 10, 15, tzinfo=UTC)
    queue_due(now)
    send_due("w", now)
    smtp.start()
    next_morning = dt.datetime(2026, 3, 11, 7, tzinfo=UTC)
    send_due("w", next_morning)
    assert smtp.messages == []
    assert Message.objects.get(kind=Kind.NUDGE).status == Message.Status.EXPIRED


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite has one writer; the race needs PostgreSQL"
)
def test_two_workers_at_once_send_each_mail_once(smtp, hans, leipzig):
    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 11))
    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 13))
    now = dt.datetime(2026, 3, 10, 15, tzinfo=UTC)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def worker(name):
        from django.db import connections

        try:
            start.wait()
            queue_due(now)
            send_due(name, now)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(smtp.messages) == 2  # the digest of the next trip and tonight's nudge, once
    assert Message.objects.filter(status=Message.Status.SENT).count() == 2


def test_two_workers_in_turn_record_and_send_once(smtp, hans, leipzig):
    """The same race, interleaved by hand so that SQLite can run it too: both workers see
    the same mails due before either records them."""
    from tafelrunde.reminders.outbox import drafts_due, record

    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 11))
    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 13))
    now = dt.datetime(2026, 3, 10, 15, tzinfo=UTC)
    first, second = drafts_due(hans, now), drafts_due(hans, now)
    assert [d.due.key for d in first] == [d.due.key for d in second]
    assert sorted(d.due.kind for d in first) == ["nudge", "trip_digest", "weekly"]
    assert all(record(hans, draft, now) for draft in first)
    assert not any(record(hans, draft, now) for draft in second)
    send_due("w1", now)
    send_due("w2", now)
    assert len(smtp.messages) == 2


def test_switched_off_kinds_are_not_sent_and_an_empty_weekly_never(smtp, hans, leipzig):
    ReminderSettings.objects.create(owner=hans, trip_digest=False, nudge=False)
    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 11))
    monday_morning = dt.datetime(2026, 3, 9, 7, 30, tzinfo=UTC)
    for now in (monday_morning, dt.datetime(2026, 3, 10, 15, tzinfo=UTC)):
        queue_due(now)
        send_due("w", now)
    assert smtp.messages == []
    assert list(Message.objects.values_list("kind", "status")) == [
        (Kind.WEEKLY, Message.Status.EMPTY)
    ]


def test_preview_sends_nothing_and_send_twice_sends_once(smtp, hans, leipzig, run_command):
    import json

    import time_machine

    located(hans, leipzig, "Frank Lindner", "+4934112345678")
    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 11))
    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 13))
    with time_machine.travel(dt.datetime(2026, 3, 10, 15, 30, tzinfo=UTC), tick=False):
        status, out, _err = run_command("reminders", "--preview", "--json")
        assert status == 0
        shown = json.loads(out)["messages"]
        assert sorted(m["kind"] for m in shown) == ["nudge", "trip_digest"]
        assert all(m["to"] == "hans@example.com" for m in shown)
        assert smtp.messages == [] and not Message.objects.exists()

        status, out, _err = run_command("reminders", "--send", "--json")
        assert status == 0, out
        assert sorted(m["status"] for m in json.loads(out)["messages"]) == ["sent", "sent"]
        status, out, _err = run_command("reminders", "--send", "--json")
        assert json.loads(out)["messages"] == []
    assert len(smtp.messages) == 2


def test_the_command_switches_off_and_reschedules(hans, run_command):
    status, _out, _err = run_command(
        "reminders", "--off", "weekly", "--nudge-at", "17:30", "--weekly-at", "friday 07:00"
    )
    assert status == 0
    prefs = ReminderSettings.objects.get(owner=hans)
    assert (prefs.weekly, prefs.nudge_time, prefs.weekly_day) == (False, dt.time(17, 30), 4)
    status, _out, err = run_command("reminders", "--nudge-at", "25:00")
    assert status == 1 and "HH:MM" in err


def test_the_settings_page_saves_and_refuses_nonsense(owner_client, hans):
    page = owner_client.get("/settings/reminders/")
    assert page.status_code == 200
    form = {
        "trip_digest": "on",
        "digest_days_before": "5",
        "nudge": "on",
        "nudge_time": "15:30",
        "weekly_day": "2",
        "weekly_time": "09:00",
    }
    assert owner_client.post("/settings/reminders/", form).status_code == 302
    prefs = ReminderSettings.objects.get(owner=hans)
    assert (prefs.digest_days_before, prefs.weekly, prefs.weekly_day) == (5, False, 2)
    bad = owner_client.post("/settings/reminders/", {**form, "digest_days_before": "99"})
    assert bad.status_code == 200
    assert ReminderSettings.objects.get(owner=hans).digest_days_before == 5


def test_alone_tonight_stops_the_nudge(owner_client, smtp, hans, leipzig):
    import time_machine

    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 11))
    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 13))
    with time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=UTC), tick=False):
        page = owner_client.get("/tonight/").content.decode()
        assert "Alone tonight" in page or "Heute allein" in page
        answer = owner_client.post("/tonight/alone/", {"date": "2026-03-10"})
        assert answer.status_code == 302
    now = dt.datetime(2026, 3, 10, 15, tzinfo=UTC)
    queue_due(now)
    send_due("w", now)
    assert not Message.objects.filter(kind=Kind.NUDGE).exists()
    assert Message.objects.filter(kind=Kind.TRIP_DIGEST, status=Message.Status.SENT).exists()


def test_the_unsubscribe_link_is_the_accounts_own(hans, outsider):
    message = Message(owner=hans, kind=Kind.WEEKLY)
    other = Message(owner=outsider, kind=Kind.WEEKLY)
    assert unsubscribe_url(message) != unsubscribe_url(other)


def test_the_worker_sends_what_is_due(smtp, hans, leipzig):
    import time_machine

    from tafelrunde.reminders import outbox
    from tafelrunde.sync.worker import run_worker

    TripFactory(owner=hans, place=leipzig, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 11))
    outbox._last_queued = None
    with time_machine.travel(dt.datetime(2026, 3, 10, 15, 30, tzinfo=UTC), tick=False):
        run_worker(batch=True, chores=[outbox.tick])
    assert [subject(m) for m in smtp.messages] == ["Heute Abend in Leipzig"]


def test_the_command_prints_the_feed_address_and_keeps_it(hans, run_command, settings):
    import json

    settings.TAFELRUNDE_BASE_URL = "https://tafelrunde.example.com"
    status, out, _err = run_command("reminders", "feed", "--json")
    assert status == 0
    first = json.loads(out)
    assert first["created"] is True
    assert first["url"].startswith("https://tafelrunde.example.com/calendar/")
    status, out, _err = run_command("reminders", "feed")
    assert (status, out.strip()) == (0, first["url"])
