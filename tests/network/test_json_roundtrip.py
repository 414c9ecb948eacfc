"""A JSON export restores into a fresh account as the same data; a bad one changes nothing."""

import base64
import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tafelrunde.accounts.models import Profile, profile_for
from tafelrunde.exchange.erase_account import owned_models
from tafelrunde.exchange.export_json import export_json
from tafelrunde.exchange.import_json import import_json, is_tafelrunde_export
from tafelrunde.meals import sealing
from tafelrunde.meals.logbook import delete_meal, save_meal
from tafelrunde.meals.models import Meal, MealParticipant, Note
from tafelrunde.network.models import (
    Contact,
    ContactSource,
    Place,
)
from tests.factories import (
    AddressFactory,
    AttemptFactory,
    ContactFactory,
    EmailFactory,
    EveningFactory,
    FollowUpFactory,
    MealFactory,
    MealParticipantFactory,
    NoteFactory,
    PhoneFactory,
    PlaceFactory,
    TripFactory,
    UserFactory,
    namesake_group,
)

# Tables that link to the account but are not the owner's data.
NOT_EXPORTED = {
    "admin.LogEntry": "the admin site's history of changes, kept by the site, not the owner",
    "api.ApiToken": "secrets: only their hashes are stored; a restored account makes new ones",
    "sync.Source": "a server account with its sealed password: never in an export; add it again",
    "sync.Collection": "the server's sync state, rebuilt by the first sync of a source",
    "sync.Item": "which card or event became which row, rebuilt by the first sync",
    "meals.AccountingSettings": (
        "how this installation writes the DATEV batch for the account's tax adviser (numbers "
        "and accounts to ask the adviser for again), not data of the account's network; "
        "chosen again under Settings → Accounting"
    ),
    "reminders.ReminderSettings": (
        "when this installation mails reminders (a layer above the export: exchange cannot "
        "read it); chosen again under Settings → Reminders"
    ),
    "reminders.Message": "the installation's outbox of reminder mails, not data to carry along",
    "reminders.CalendarFeed": "a secret token, stored hashed: a restored account makes a new one",
    "rounds.Round": (
        "an evening's invitation round (a layer above the export); its answers are the "
        "evening's attempts, which the export carries"
    ),
    "rounds.Invitee": "a guest's secret link, stored hashed; the answer is the evening's attempt",
    "teams.Membership": (
        "a place in a team and what the account shares there (a layer above the export: "
        "exchange cannot read it); the team is its members', not one account's to carry "
        "away: a restored account joins again by invitation and chooses again what to share"
    ),
    "teams.TeamInvitation": "a team's link to join, stored hashed: the team's record",
}
REFERENCES = {
    "contact_id": "contacts",
    "other_id": "contacts",
    "trip_id": "trips",
    "evening_id": "evenings",
    "meal_id": "meals",
    "meal_number": "meals",  # a sealed receipt's meal: its id, or the id it had
}


def exported_tables():
    """(model, link to the account) of every table the export carries."""
    return [(m, link) for m, link in owned_models() if m._meta.label not in NOT_EXPORTED]


def build_history(owner):
    """A believable year: contacts from several sources, a trip, an evening of calls, meals."""
    dresden, munich, lisbon = (PlaceFactory(city=c) for c in ("Dresden", "Munich", "Lisbon"))
    profile = profile_for(owner)
    profile.full_name, profile.home_place, profile.language = "Hans Gastgeber", dresden, "en"
    profile.save()
    anna = ContactFactory(
        owner=owner,
        salutation="ms",
        title="Dr.",
        given_name="Anna",
        family_name="Müller",
        organisation="Elbe, Brücken & Co; KG",
        role="CFO",
        kinds=["customer", "friend"],
        importance=5,
        address_form="du",
        known_since=dt.date(2004, 5, 1),
        birthday=dt.date(1970, 3, 22),
        notes="Line one\nLine two",
    )
    anna.set_location(dresden, "address", 0.9)
    anna.save()
    PhoneFactory(contact=anna, number="+4935148642222", type="mobile")
    PhoneFactory(contact=anna, type="work")
    EmailFactory(contact=anna, address="anna@example.com", type="work")
    AddressFactory(contact=anna, type="work")
    ContactSource.objects.create(contact=anna, kind="vcard", label="phone.vcf", external_id="u-1")
    bob = ContactFactory(owner=owner, given_name="Bob", family_name="Bauer", language="en")
    bob.set_location(munich, "phone", 0.5)
    bob.save()
    AddressFactory(
        contact=bob, street="", postal_code="", city="", country="", freetext="Am Hang 3\nMünchen"
    )
    carl = ContactFactory(
        owner=owner,
        given_name="Carl",
        family_name="Carlsen",
        kinds=[],
        importance=1,
        do_not_invite=True,
    )
    ContactSource.objects.create(contact=carl, kind="manual")
    namesake_group(owner, anna, carl, status="apart", name="Anna Carlsen")

    trip = TripFactory(
        owner=owner,
        place=munich,
        start=dt.date(2024, 3, 4),
        hotel="Bayerischer Hof",
        title="Messe",
        notes="Halle 5",
        calendar_uid="cal-1",
    )
    TripFactory(owner=owner, place=lisbon, start=dt.date(2024, 6, 1))
    shown = [
        {"contact_id": bob.id, "score": 0.8, "reasons": ["same city"]},
        {"contact_id": anna.id, "score": 0.4, "reasons": ["known since 2004"]},
    ]
    evening = EveningFactory(owner=owner, place=munich, date=trip.start, trip=trip, shown=shown)
    AttemptFactory(evening=evening, contact=anna, channel="call", outcome="declined", note="busy")
    AttemptFactory(evening=evening, contact=bob, channel="whatsapp", outcome="accepted")
    EveningFactory(  # the evening after: "alone tonight"
        owner=owner,
        place=munich,
        date=trip.start + dt.timedelta(days=1),
        trip=trip,
        alone_at=dt.datetime(2024, 5, 13, 15, 30, tzinfo=dt.UTC),
    )

    meal = MealFactory(
        owner=owner,
        date=trip.start,
        time=dt.time(19, 30),
        restaurant="Augustiner",
        restaurant_address="Neuhauser Str. 27, München",
        place=munich,
        amount=Decimal("123.40"),
        tip=Decimal("12.00"),
        evening=evening,
        notes="He dreams of Portugal.",
    )
    MealParticipantFactory(meal=meal, contact=bob, rating=5)
    MealParticipant.objects.create(meal=meal, name="Bob's wife")
    MealFactory(
        owner=owner,
        date=dt.date(2024, 6, 2),
        place=lisbon,
        business=False,
        status="planned",
        paid_by="guest",
        currency="PTE",
    )
    seal_receipts(owner, meal, bob)
    NoteFactory(contact=bob, meal=meal, kind="fact", text="Wants to retire to Portugal.")
    NoteFactory(contact=anna, text="Prefers tea.")
    FollowUpFactory(contact=bob, meal=meal, due=dt.date(2024, 4, 1))
    FollowUpFactory(contact=anna, done_at=timezone.now() - dt.timedelta(days=3))
    return {"anna": anna, "bob": bob, "carl": carl}


def seal_receipts(owner, meal, guest):
    """The meal's receipt approved and then changed (two versions, their log), and an approved
    meal deleted with a reason (its versions and tombstone outlive it)."""
    sealing.approve(meal, owner)
    meal.occasion = "Messe: Standplanung 2025, Halle 5"
    save_meal(meal, [(guest, 5)])
    gone = MealFactory(
        owner=owner, date=dt.date(2024, 3, 5), restaurant="Tantris", amount=Decimal("80.00")
    )
    MealParticipantFactory(meal=gone, contact=guest)
    sealing.approve(gone, owner)
    delete_meal(gone, "Booked twice: the same dinner as meal 1.")


def canonical(export: dict) -> dict:
    """The export with ids replaced by positions, so two accounts' exports compare equal."""
    data = copy.deepcopy(export)
    data.pop("exported_at")
    data["profile"].pop("username")
    positions = {
        section: {row["id"]: n for n, row in enumerate(data[section])}
        for section in ("contacts", "trips", "evenings", "meals")
    }

    def walk(node):
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key == "id":
                value = None
            elif key in REFERENCES and value is not None:
                value = positions[REFERENCES[key]].get(value, "gone")
            elif key == "contact_ids":  # a namesake group's members
                value = [positions["contacts"].get(item, "gone") for item in value]
            out[key] = walk(value)
        return out

    return walk(data)


def through_json(export: dict) -> dict:
    return json.loads(json.dumps(export))


@pytest.fixture
def exported(owner):
    build_history(owner)
    return through_json(export_json(owner))


@pytest.fixture
def fresh(db):
    return UserFactory(username="fresh")


def test_it_restores_an_export_into_a_fresh_account_as_the_same_data(owner, exported, fresh):
    counts = import_json(fresh, exported)
    again = through_json(export_json(fresh))
    assert canonical(again) == canonical(exported)
    for model, link in exported_tables():
        mine, theirs = model.objects.filter(**{link: owner}), model.objects.filter(**{link: fresh})
        assert mine.count() == theirs.count() > 0, model.__name__
    assert counts["contacts"] == 3
    assert counts["attempts"] == 2
    assert counts["participants"] == 2


def test_restored_rows_point_at_the_new_rows(exported, fresh):
    import_json(fresh, exported)
    meal = Meal.objects.get(owner=fresh, restaurant="Augustiner")
    bob = Contact.objects.get(owner=fresh, given_name="Bob")
    assert meal.evening.owner == fresh
    assert meal.amount == Decimal("123.40")
    assert meal.participants.get(rating=5).contact == bob
    assert meal.evening.shown[0]["contact_id"] == bob.id
    assert meal.evening.trip.owner == fresh
    assert Note.objects.get(owner=fresh, kind="fact").meal == meal
    assert bob.search_key and bob.name_key  # derived keys are recomputed, not lost


def test_the_export_has_the_design_shape(exported):
    assert exported["format"] == "tafelrunde"
    assert exported["version"] == 2
    anna = next(c for c in exported["contacts"] if c["given_name"] == "Anna")
    assert anna["name"] == "Dr. Anna Müller"
    assert anna["known_since"] == "2004-05-01"
    assert anna["phones"][0] == "+4935148642222"
    assert anna["phone_details"][0] == {"number": "+4935148642222", "type": "mobile"}
    assert anna["location"]["name"] == "Dresden"
    assert anna["location"]["source"] == "address"
    assert anna["location"]["geonameid"] == 2935022
    meal = next(m for m in exported["meals"] if m["restaurant"] == "Augustiner")
    assert (meal["amount"], meal["tip"], meal["time"]) == ("123.40", "12.00", "19:30:00")
    assert meal["participants"] == ["Bob Bauer", "Bob's wife"]
    assert meal["place"]["timezone"] == "Europe/Berlin"
    assert exported["profile"]["home_place"]["name"] == "Dresden"
    assert {n["kind"] for n in exported["notes"]} == {"note", "fact"}


def test_an_outsiders_data_never_appears_in_the_export(owner, outsider):
    build_history(owner)
    stranger = ContactFactory(owner=outsider, given_name="Otto", family_name="Fremd")
    PhoneFactory(contact=stranger, number="+4930999999")
    MealFactory(owner=outsider, restaurant="Geheimtipp")
    text = json.dumps(export_json(owner), ensure_ascii=False)
    for secret in ("Fremd", "+4930999999", "Geheimtipp"):
        assert secret not in text
    # The owner's Anna; random factory names of the outsider's may hold a Müller of their own.
    assert "Anna Müller" not in json.dumps(export_json(outsider), ensure_ascii=False)


def test_the_export_takes_the_same_number_of_queries_however_big(owner, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_history(owner)
    with CaptureQueriesContext(connection) as small:
        export_json(owner)
    for _ in range(5):
        contact = ContactFactory(owner=owner)
        PhoneFactory(contact=contact)
        MealParticipantFactory(meal=MealFactory(owner=owner), contact=contact)
        NoteFactory(contact=contact)
    with django_assert_num_queries(len(small.captured_queries)):
        export_json(owner)


def every_place(value):
    """Every place object anywhere in an export."""
    if isinstance(value, dict):
        if "geonameid" in value:
            yield value
        for item in value.values():
            yield from every_place(item)
    elif isinstance(value, list):
        for item in value:
            yield from every_place(item)


def test_missing_places_come_from_the_place_index_not_from_the_file(owner, exported, fresh):
    owner.delete()
    Place.objects.all().delete()
    poisoned = json.loads(json.dumps(exported))
    for place in every_place(poisoned):  # places are shared: a file must not move a city
        place.update(name="Nowhere", latitude=89.0, longitude=179.0, timezone="Not/AZone")
    counts = import_json(fresh, poisoned)
    assert counts["places_created"] == 3
    lisbon = Place.objects.get(geonameid=2267057)
    assert (lisbon.name, lisbon.country, lisbon.timezone) == ("Lisbon", "PT", "Europe/Lisbon")
    munich = Place.objects.get(geonameid=2867714)
    assert munich.name == "Munich" and round(munich.latitude, 1) == 48.1
    assert Contact.objects.owned_by(fresh).count() == len(exported["contacts"])


def test_a_place_the_index_does_not_know_is_refused_and_nothing_is_imported(owner, exported, fresh):
    owner.delete()
    Place.objects.all().delete()
    invented = json.loads(json.dumps(exported))
    next(every_place(invented["trips"]))["geonameid"] = 999_999_999
    with pytest.raises(ValueError, match="999999999 is not in the place index"):
        import_json(fresh, invented)
    assert not Place.objects.exists()
    assert not Contact.objects.owned_by(fresh).exists()


def test_an_account_with_data_is_refused(owner, exported):
    before = Contact.objects.count()
    with pytest.raises(ValueError, match="already has data; JSON import restores into an empty"):
        import_json(owner, exported)
    assert Contact.objects.count() == before


def _set(path, value):
    def change(data):
        *parents, last = path
        node = data
        for key in parents:
            node = node[key]
        if value is KeyError:
            del node[last]
        else:
            node[last] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set(["contacts", 1, "known_since"], "2004-13-01"), "contact .*known_since"),
        (_set(["contacts", 0, "importance"], "high"), "importance 'high' is not a whole number"),
        (_set(["contacts", 0, "address_form"], "yo"), "address_form: Value 'yo' is not a valid"),
        (_set(["contacts", 0, "email_details", 0, "address"], "nope"), "valid email"),
        (_set(["contacts", 0, "location", "latitude"], "north"), "location: latitude 'north'"),
        (_set(["trips", 0, "start"], KeyError), r"trip \d+: start: This field cannot be null"),
        (_set(["meals", 0, "amount"], "lots"), r"meal \d+: amount: “lots” value must be a decimal"),
        (_set(["evenings", 0, "attempts", 0, "outcome"], "maybe"), "outcome: Value 'maybe'"),
        (_set(["notes", 1, "contact_id"], 999999), "contact_id 999999 is not in the export"),
        (
            _set(["follow_ups", 0, "done_at"], "yesterday"),
            r"follow up \d+: done_at: “yesterday” value has an invalid format",
        ),
        (_set(["meals"], KeyError), 'The export has no "meals" list'),
        (_set(["version"], 3), "format version 3"),
        (_set(["format"], "other"), "Not a Tafelrunde export"),
    ],
)
def test_a_malformed_export_changes_nothing_and_says_which_record(exported, fresh, change, message):
    places = Place.objects.count()
    change(exported)
    with pytest.raises(ValueError, match=message):
        import_json(fresh, exported)
    for model, link in exported_tables():
        assert not model.objects.filter(**{link: fresh}).exists(), model.__name__
    assert not Profile.objects.filter(user=fresh).exists()
    assert Place.objects.count() == places


# A JPEG's first bytes and every byte value after them, so nothing is lost on the way.
BILL = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40


@pytest.fixture
def with_bill(owner, private_uploads):
    build_history(owner)
    meal = Meal.objects.get(owner=owner, restaurant="Augustiner")
    meal.bill_photo.save("bill.jpg", ContentFile(BILL))
    return through_json(export_json(owner))


def test_the_bill_photo_is_in_the_export_whole(with_bill):
    meal = next(m for m in with_bill["meals"] if m["restaurant"] == "Augustiner")
    assert meal["bill_photo"]["name"] == "bill.jpg"
    assert meal["bill_photo"]["content_type"] == "image/jpeg"
    assert base64.b64decode(meal["bill_photo"]["data"]) == BILL
    assert all(m["bill_photo"] is None for m in with_bill["meals"] if m is not meal)


def test_the_bill_photo_survives_export_and_import_byte_for_byte(with_bill, fresh):
    import_json(fresh, with_bill)
    meal = Meal.objects.get(owner=fresh, restaurant="Augustiner")
    assert meal.bill_photo.name.startswith(f"bills/{fresh.pk}/")
    with meal.bill_photo.open("rb") as handle:
        assert handle.read() == BILL
    assert canonical(through_json(export_json(fresh))) == canonical(with_bill)


def test_a_bill_missing_from_disk_leaves_the_rest_of_the_export(owner, private_uploads):
    build_history(owner)
    meal = Meal.objects.get(owner=owner, restaurant="Augustiner")
    meal.bill_photo.save("bill.jpg", ContentFile(BILL))
    meal.bill_photo.storage.delete(meal.bill_photo.name)
    exported = export_json(owner)
    assert [m["bill_photo"] for m in exported["meals"]] == [None, None]


@pytest.mark.parametrize(
    ("bill", "message"),
    [
        ("bill.jpg", 'bill_photo is not an object with base64 "data"'),
        ({"data": "not base64!"}, "bill_photo data is not base64"),
        ({"data": base64.b64encode(b"MZ\x90\x00 a program").decode()}, "not a photo"),
    ],
)
def test_a_bad_bill_changes_nothing(exported, fresh, private_uploads, bill, message):
    exported["meals"][0]["bill_photo"] = bill
    with pytest.raises(ValueError, match=message):
        import_json(fresh, exported)
    assert not Meal.objects.filter(owner=fresh).exists()


def test_bills_written_before_a_bad_record_are_removed_again(with_bill, fresh, private_uploads):
    with_bill["notes"][0]["contact_id"] = 999999
    with pytest.raises(ValueError, match="contact_id 999999"):
        import_json(fresh, with_bill)
    folder = private_uploads / "bills" / str(fresh.pk)
    assert not folder.exists() or not any(folder.iterdir())


def test_it_recognises_an_export():
    assert is_tafelrunde_export({"format": "tafelrunde", "version": 1})
    assert not is_tafelrunde_export({"contacts": []})
    assert not is_tafelrunde_export(["format", "tafelrunde"])
