"""A shared contact exposes exactly SHARED_FIELDS, wherever a colleague meets it (issue 17).

Anna shares all her contacts with Hans's team. Every text, number and date field of her
contacts, found through `_meta` (so that a field added later gets a value of its own
without anyone remembering to), and of the rows about them (phones, e-mails, addresses,
sources, notes and facts, follow-ups, meals with amount, tip and notes, calls), holds a value
seen nowhere else: a sentinel. Then every face Hans has is read (the team's people and
tonight over the API, tonight --json, his JSON export) and the sentinels found are compared
with those SHARED_FIELDS allow: name, organisation, known since, last seen (a held meal's
date), and the phone numbers only while Anna shares those.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import models
from django.test import Client

from tafelrunde.api.tokens import create_token
from tafelrunde.evenings.models import Evening
from tafelrunde.exchange.export_json import export_json
from tafelrunde.network.models import Contact, ContactSource
from tafelrunde.teams.membership import membership_of
from tafelrunde.teams.sharing import set_sharing
from tests.api.conftest import ApiClient
from tests.factories import (
    AddressFactory,
    AttemptFactory,
    EmailFactory,
    EveningFactory,
    FollowUpFactory,
    MealFactory,
    MealParticipantFactory,
    NoteFactory,
    PhoneFactory,
    PlaceFactory,
    TripFactory,
)
from tests.teams.helpers import DAY, account, located, sales_team

pytestmark = pytest.mark.django_db

# Contact fields that decide whether and where the person is found, not what is shown of
# them: their place (shared, as "place") and its copied coordinates, kinds, the do-not-invite
# flag. The coordinates get sentinels too, a hair off the place's.
DECIDING = {"id", "owner", "place", "kinds", "do_not_invite"}
# Numbers with too few possible values to be unique (the database checks 1 to 5): the ranking
# of colleagues' contacts leaves them out (see colleagues._people), and no face shows them.
TOO_FEW_VALUES = {"importance"}
# Fields of related rows that decide what a row is (a held meal on a day, a fact).
ROW_KEYS = {"id", "owner", "contact", "meal", "evening", "status", "date", "kind", "bill_photo"}
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюя"


class Sentinels:
    """Unique values, each remembered with what it stands for."""

    def __init__(self):
        self.counter = itertools.count(1)
        self.short = iter(CYRILLIC[10:])  # for columns of two characters ("de", "EUR")
        self.values: dict[str, str] = {}  # text as it appears in JSON -> "Model.field"

    def text(self, max_length: int | None, label: str) -> str | None:
        n = next(self.counter)
        # Cyrillic appears nowhere else; "Ж…Ж" so that no sentinel is part of another.
        token = "Ж" + "".join(CYRILLIC[int(d)] for d in str(n)) + "Ж"
        if max_length is not None and len(token) > max_length:
            if max_length < 2:
                return None
            token = "Ю" + next(self.short)
        return self._keep(token, (token + "-" + label)[: max_length or 200], label)

    def _keep(self, search: str, value, label: str):
        self.values[search] = label
        return value

    def value_for(self, field: models.Field, label: str):
        n = next(self.counter)
        if isinstance(field, (models.CharField, models.TextField)):
            return self.text(field.max_length, label)
        if isinstance(field, models.DecimalField):
            value = Decimal(f"{7300 + n}.37")
            return self._keep(str(value), value, label)
        if isinstance(field, models.FloatField):
            value = 7300 + n + 0.123
            return self._keep(str(value), value, label)
        if isinstance(field, models.PositiveSmallIntegerField | models.SmallIntegerField):
            return self._keep(str(27300 + n), 27300 + n, label)
        if isinstance(field, models.IntegerField):
            return self._keep(str(7300000 + n), 7300000 + n, label)
        if isinstance(field, models.DateTimeField):
            value = dt.datetime(1901 + n % 90, 1 + n % 12, 3, 4, 5, 6, tzinfo=dt.UTC)
            return self._keep(value.date().isoformat(), value, label)
        if isinstance(field, models.DateField):
            value = dt.date(1901 + n % 90, 1 + n % 12, 9)
            return self._keep(value.isoformat(), value, label)
        if isinstance(field, models.TimeField):
            value = dt.time(3, n % 60, 7)
            return self._keep(value.isoformat(), value, label)
        return None

    def fill(self, row: models.Model, skip: set[str] = frozenset()) -> dict[str, str]:
        """Every text, number and date column of the row gets a sentinel (by an update, so
        that save() derives nothing from them); label -> the value to search for."""
        model = type(row)
        changes = {}
        for field in model._meta.concrete_fields:
            if field.is_relation or field.primary_key or field.name in skip:
                continue
            if isinstance(field, (models.BooleanField, models.JSONField, models.FileField)):
                continue
            label = f"{model._meta.label}.{field.name}"
            value = self.value_for(field, label)
            if value is not None:
                changes[field.name] = value
        model._base_manager.filter(pk=row.pk).update(**changes)
        return {label: search for search, label in self.values.items()}

    def search(self, label: str) -> str:
        return next(search for search, known in self.values.items() if known == label)

    def seen_in(self, output) -> set[str]:
        text = json.dumps(output, ensure_ascii=False, default=str)
        return {label for search, label in self.values.items() if search in text}


def furnish(contact: Contact, sentinels: Sentinels, skip: set[str] = frozenset()) -> None:
    """Sentinels in every field of the contact and of every kind of row about them."""
    owner = contact.owner
    place = contact.place
    sentinels.fill(contact, DECIDING | TOO_FEW_VALUES | {"latitude", "longitude"} | skip)
    Contact.objects.filter(pk=contact.pk).update(
        latitude=place.latitude + 0.000_123_4, longitude=place.longitude + 0.000_567_8
    )
    sentinels.values[str(place.latitude + 0.000_123_4)] = "network.Contact.latitude"
    sentinels.values[str(place.longitude + 0.000_567_8)] = "network.Contact.longitude"
    for row in (
        PhoneFactory(contact=contact),
        AddressFactory(contact=contact),
        ContactSource.objects.create(owner=owner, contact=contact, kind="vcard", external_id="x"),
        NoteFactory(contact=contact),
        NoteFactory(contact=contact, kind="fact"),
        FollowUpFactory(contact=contact, due=DAY),
    ):
        sentinels.fill(row, ROW_KEYS)
    if "emails" not in skip:
        sentinels.fill(EmailFactory(contact=contact), ROW_KEYS)
    meal = MealFactory(owner=owner, date=DAY - dt.timedelta(days=3), amount="1.00", tip="1.00")
    sentinels.fill(meal, ROW_KEYS)
    sentinels.fill(MealParticipantFactory(meal=meal, contact=contact, rating=4), ROW_KEYS)
    day = DAY - dt.timedelta(days=5)
    evening = Evening.objects.filter(owner=owner, date=day).first() or EveningFactory(
        owner=owner, place=place, date=day
    )
    sentinels.fill(evening, ROW_KEYS)
    sentinels.fill(AttemptFactory(evening=evening, contact=contact), ROW_KEYS)


@pytest.fixture
def world():
    """Hans (the viewer) and Anna in one team; Anna shares all. Her Frank is new to Hans;
    her Eva is Hans's Eva too (same name at the same organisation)."""
    hans, anna = account("hans", "Hans Gastgeber"), account("anna", "Anna Schmidt")
    memberships = sales_team(hans, anna)
    set_sharing(memberships[anna.pk], share_all=True, trips=True)
    sentinels = Sentinels()
    frank = located(anna, given_name="Frank", family_name="Lindner", organisation="Lindner GmbH")
    furnish(frank, sentinels)
    located(hans, given_name="Eva", family_name="Eule", organisation="Eule KG")
    eva = located(anna, given_name="Eva", family_name="Eule", organisation="Eule KG")
    # Her names stay Hans's (that is how they are one person); all else is a sentinel.
    furnish(eva, sentinels, skip={"given_name", "family_name", "full_name", "organisation",
                                  "name_key", "organisation_key", "search_key"})  # fmt: skip
    trip = TripFactory(owner=anna, place=PlaceFactory(city="Dresden"), start=DAY, end=DAY)
    sentinels.fill(trip, {"id", "owner", "place", "start", "end"})
    team_id = memberships[hans.pk].team_id
    return hans, anna, team_id, sentinels


def allowed(sentinels: Sentinels, phones: bool) -> set[str]:
    """What a colleague may see: SHARED_FIELDS' values (and phone numbers when shared)."""
    shared = {"network.Contact.full_name", "network.Contact.organisation",
              "network.Contact.known_since"}  # fmt: skip
    return shared | ({"network.Phone.number"} if phones else set())


def faces(hans, team_id) -> dict[str, object]:
    """What Hans can read: the API's team people and tonight, tonight --json, his export."""
    api = ApiClient(Client(), create_token(hans, "tests").secret)
    people = api.get(f"/teams/{team_id}/contacts", limit="500")
    tonight = api.get("/tonight", place="Dresden", date=DAY.isoformat())
    assert people.status_code == tonight.status_code == 200
    out = io.StringIO()
    call_command("tonight", "Dresden", "--date", DAY.isoformat(), "--json", "--user", "hans",
                 stdout=out)  # fmt: skip
    return {
        "api team contacts": people.json(),
        "api tonight": tonight.json(),
        "tonight --json": json.loads(out.getvalue()),
        "export": export_json(hans),
    }


@pytest.mark.parametrize("phones", [False, True], ids=["numbers private", "numbers shared"])
def test_a_colleague_sees_only_the_shared_fields_everywhere(world, phones):
    hans, anna, team_id, sentinels = world
    set_sharing(membership_of(anna, team_id), phones=phones)
    seen = faces(hans, team_id)

    for face in ("api team contacts", "api tonight", "tonight --json"):
        leaked = sentinels.seen_in(seen[face]) - allowed(sentinels, phones)
        assert not leaked, f"{face} shows {sorted(leaked)}"
    assert not sentinels.seen_in(seen["export"]), "a colleague's contact is in my export"

    # The comparison looks at real answers: the shared fields do arrive.
    people = sentinels.seen_in(seen["api team contacts"])
    assert {"network.Contact.full_name", "network.Contact.organisation"} <= people
    assert ("network.Phone.number" in people) is phones
    for face in ("api tonight", "tonight --json"):
        tonight = seen[face]
        assert [i["contact_id"] for i in tonight["through_colleagues"]], face
        assert "colleague_note" in tonight["candidates"][0], face  # Anna met Eva lately
        assert tonight["colleagues_here"], face


def test_every_contact_field_got_a_sentinel_or_is_named_as_deciding():
    sentinels = Sentinels()
    contact = located(account("anna", "Anna"), given_name="Frank", family_name="Lindner")
    furnish(contact, sentinels)
    filled = {label.split(".")[-1] for label in sentinels.values.values()
              if label.startswith("network.Contact.")}  # fmt: skip
    for field in Contact._meta.concrete_fields:
        assert field.name in filled | DECIDING | TOO_FEW_VALUES or isinstance(
            field, (models.BooleanField, models.JSONField)
        ), f"Contact.{field.name} has no sentinel: decide how the test fills it"
