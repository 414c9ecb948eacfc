"""A link lives until midnight of its evening in the place's own time zone; the host hears
each answer by mail when such mails are on."""

from __future__ import annotations

import datetime as dt
import html
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from tafelrunde.network.models import Place
from tafelrunde.reminders.models import Kind, Message, ReminderSettings
from tafelrunde.reminders.outbox import send_due
from tafelrunde.rounds.models import Invitee
from tafelrunde.rounds.sending import start_round
from tests.factories import TripFactory
from tests.rounds.helpers import EARLY_EVENING, TODAY, answer_on, dresden_evening, located, token_in

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def new_york(db):
    return Place.objects.create(
        geonameid=5128581, name="New York", country="US", latitude=40.71427,
        longitude=-74.00597, timezone="America/New_York",
    )  # fmt: skip


def page(path: str) -> str:
    return html.unescape(Client().get(path).content.decode())


def test_a_link_expires_at_midnight_in_the_places_time_zone(owner, new_york):
    day = dt.date(2025, 3, 12)
    TripFactory(owner=owner, place=new_york, start=day, end=day + dt.timedelta(days=1))
    guest = located(owner, given_name="Mary", family_name="Smith", language="en")
    guest.set_location(new_york, "address", 0.95)
    guest.save()
    # 17:30 in New York is 22:30 in Berlin, where the server's own day is nearly over.
    with time_machine.travel(dt.datetime(2025, 3, 12, 17, 30, tzinfo=NEW_YORK), tick=False):
        _round, sent = start_round(owner, [guest], day=day)
    path = f"/i/{token_in(sent[0].url)}/"
    # 23:59 in New York (04:59 the next day in Berlin): the evening is still on.
    with time_machine.travel(dt.datetime(2025, 3, 12, 23, 59, tzinfo=NEW_YORK), tick=False):
        assert "Yes, gladly" in page(path)
    with time_machine.travel(dt.datetime(2025, 3, 13, 0, 0, tzinfo=NEW_YORK), tick=False):
        shown = page(path)
        assert "has expired" in shown and "Yes, gladly" not in shown
        answer_on(Client(), path, "yes")
        assert Invitee.objects.get().answer == "open"
        # Nor can a round be started for that evening any more.
        with pytest.raises(ValueError, match=r"That evening is over\."):
            start_round(owner, [guest], day=day)


@pytest.mark.django_db(transaction=True)  # the mail is recorded once the answer is committed
def test_the_host_hears_each_answer_by_mail(owner, smtp):
    owner.email = "hans@example.com"
    owner.save()
    joerg, anna, _mary = dresden_evening(owner)
    with time_machine.travel(EARLY_EVENING, tick=False):
        _round, sent = start_round(
            owner, [joerg, anna], day=TODAY, time=dt.time(19, 30), restaurant="Sophienkeller"
        )
        paths = {row.contact.given_name: f"/i/{token_in(row.url)}/" for row in sent}
        answer_on(Client(), paths["Jörg"], "no", "Bin in Prag")
        answer_on(Client(), paths["Anna"], "yes")
        send_due("worker")
    subjects = sorted(mail["Subject"] for mail in smtp.messages)
    assert subjects == [
        "Anna Schmidt hat für heute Abend zugesagt",
        "Jörg Müller kann heute Abend nicht",
    ]
    yes = next(m for m in smtp.messages if "zugesagt" in m["Subject"])
    body = yes.get_body(("plain",)).get_content()
    assert "Abendessen heute in Dresden um 19:30 Uhr, Sophienkeller." in body
    no = next(m for m in smtp.messages if "nicht" in m["Subject"])
    assert "Jörg Müller schrieb: “Bin in Prag”" in no.get_body(("plain",)).get_content()
    assert Message.objects.filter(kind=Kind.ROUND_ANSWERS, status="sent").count() == 2


@pytest.mark.django_db(transaction=True)
def test_no_mail_when_answers_are_switched_off(owner, smtp):
    owner.email = "hans@example.com"
    owner.save()
    ReminderSettings.objects.create(owner=owner, round_answers=False)
    joerg, _anna, _mary = dresden_evening(owner)
    with time_machine.travel(EARLY_EVENING, tick=False):
        _round, sent = start_round(owner, [joerg], day=TODAY)
        answer_on(Client(), f"/i/{token_in(sent[0].url)}/", "yes")
        send_due("worker")
    assert smtp.messages == []
    assert Invitee.objects.get().answer == "accepted"
