"""Factories for the domain: a few lines make a believable row."""

import datetime as dt
import functools

import factory
from django.contrib.auth import get_user_model

from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals.models import FollowUp, Meal, MealParticipant, Note
from tafelrunde.network.models import Address, Contact, Email, Phone, Place
from tafelrunde.travel.models import Trip

PLACES = {
    # name: (geonameid, country, latitude, longitude, timezone)
    "Dresden": (2935022, "DE", 51.05089, 13.73832, "Europe/Berlin"),
    "Radebeul": (2852458, "DE", 51.10654, 13.66047, "Europe/Berlin"),
    "Munich": (2867714, "DE", 48.13743, 11.57549, "Europe/Berlin"),
    "Berlin": (2950159, "DE", 52.52437, 13.41053, "Europe/Berlin"),
    "Lisbon": (2267057, "PT", 38.71667, -9.13333, "Europe/Lisbon"),
}


@functools.cache
def hashed_test_password() -> str:
    from django.contrib.auth.hashers import make_password

    return make_password("correct horse battery")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    # Argon2 is slow on purpose: hash the test password once, not for every user.
    password = factory.LazyFunction(lambda: hashed_test_password())


class PlaceFactory(factory.django.DjangoModelFactory):
    """A place from the fixed table above (no gazetteer needed)."""

    class Meta:
        model = Place
        django_get_or_create = ["geonameid"]

    class Params:
        city = "Dresden"

    name = factory.SelfAttribute("city")
    geonameid = factory.LazyAttribute(lambda o: PLACES[o.city][0])
    country = factory.LazyAttribute(lambda o: PLACES[o.city][1])
    latitude = factory.LazyAttribute(lambda o: PLACES[o.city][2])
    longitude = factory.LazyAttribute(lambda o: PLACES[o.city][3])
    timezone = factory.LazyAttribute(lambda o: PLACES[o.city][4])


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    owner = factory.SubFactory(UserFactory)
    given_name = factory.Faker("first_name", locale="de_DE")
    family_name = factory.Faker("last_name", locale="de_DE")
    organisation = factory.Faker("company", locale="de_DE")
    kinds = factory.LazyFunction(lambda: ["customer"])


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    contact = factory.SubFactory(ContactFactory)
    number = factory.Sequence(lambda n: f"+4935148{n:06d}")
    type = Phone.Type.WORK


class EmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Email

    contact = factory.SubFactory(ContactFactory)
    address = factory.Sequence(lambda n: f"person{n}@example.com")


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    contact = factory.SubFactory(ContactFactory)
    street = "Prager Straße 1"
    postal_code = "01069"
    city = "Dresden"
    country = "DE"


class TripFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trip

    owner = factory.SubFactory(UserFactory)
    place = factory.SubFactory(PlaceFactory)
    start = factory.LazyFunction(dt.date.today)
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(days=2))


class EveningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evening

    owner = factory.SubFactory(UserFactory)
    place = factory.SubFactory(PlaceFactory)
    date = factory.LazyFunction(dt.date.today)


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attempt

    evening = factory.SubFactory(EveningFactory)
    owner = factory.SelfAttribute("evening.owner")
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..owner"))
    outcome = Attempt.Outcome.DECLINED


class MealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meal

    owner = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(dt.date.today)
    restaurant = "Sophienkeller"
    occasion = "Projekt Elbbrücke: Abstimmung der nächsten Phase"


class MealParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MealParticipant

    meal = factory.SubFactory(MealFactory)
    contact = factory.SubFactory(ContactFactory, owner=factory.SelfAttribute("..meal.owner"))


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    contact = factory.SubFactory(ContactFactory)
    text = "Wants to retire to Portugal and join a charity project."


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    contact = factory.SubFactory(ContactFactory)
    text = "Send him the contact of the foundation in Porto."


def namesake_group(owner, *contacts, status="open", name=""):
    """A "you may already know…" group of the given contacts (as an import makes them)."""
    from tafelrunde.network.models import NamesakeGroup, NamesakeMember

    group = NamesakeGroup.objects.create(
        owner=owner,
        name_key=contacts[0].name_key or f"key {contacts[0].pk}",
        name=name or contacts[0].full_name,
        status=status,
    )
    for contact in contacts:
        NamesakeMember.objects.create(owner=owner, group=group, contact=contact)
    return group
