"""A rich database to back up, and a way to look at every row of every table."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from tafelrunde.accounts.models import profile_for
from tafelrunde.meals.sealing import approve
from tafelrunde.network.models import ContactSource
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

BILL = b"\xff\xd8\xff\xe0 a photo of the bill \x00\x01\x02" * 50
# Rows in these tables prove that the backup carries more than contacts.
TABLES_THE_RICH_DATABASE_FILLS = {
    "auth_user",
    "auth_group",
    "auth_group_permissions",
    "auth_user_groups",
    "auth_user_user_permissions",
    "django_admin_log",
    "django_session",
    "accounts_profile",
    "network_place",
    "network_contact",
    "network_phone",
    "network_email",
    "network_address",
    "network_contactsource",
    "network_namesakegroup",
    "network_namesakemember",
    "travel_trip",
    "evenings_evening",
    "evenings_attempt",
    "meals_meal",
    "meals_mealparticipant",
    "meals_note",
    "meals_followup",
    "meals_receiptversion",
    "meals_receiptlogentry",
    "teams_team",
    "teams_membership",
    "teams_sharedcontact",
    "teams_teaminvitation",
}


@pytest.fixture
def uploads(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def table_models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def every_row(using: str = "default") -> dict[str, list[tuple]]:
    """Every table's rows as tuples of every column, by primary key."""
    return {
        model._meta.db_table: list(
            model._base_manager.using(using)
            .order_by("pk")
            .values_list(*[field.attname for field in model._meta.concrete_fields])
        )
        for model in table_models()
    }


def every_file(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def empty_the_database() -> None:
    """As a new database: only what `migrate` makes, with content type ids of its own."""
    call_command("flush", interactive=False, verbosity=0)
    Permission.objects.all().delete()
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    # Created in reverse order, the content types and permissions get other ids than before.
    for config in reversed(list(apps.get_app_configs())):
        create_contenttypes(config, verbosity=0)
    call_command("migrate", verbosity=0)  # post_migrate adds the permissions back


def build_rich_database(uploads: Path) -> dict:
    """Two accounts with everything a person keeps in Tafelrunde, and a photo of a bill."""
    owner = UserFactory(username="owner", first_name="Hans", last_name="Gastgeber")
    outsider = UserFactory(username="outsider", email="o@example.com", is_staff=True)
    profile = profile_for(owner)
    profile.full_name = "Hans Gastgeber"
    profile.home_place = PlaceFactory(city="Dresden")
    profile.invitation_templates = {"de-du": "Hast du heute Abend Zeit? 🍷", "en-sie": "Dinner?"}
    profile.rhythm_by_kind = {"customer": 90, "friend": None}
    profile.save()
    profile_for(outsider)

    munich, lisbon = PlaceFactory(city="Munich"), PlaceFactory(city="Lisbon")
    joerg = ContactFactory(
        owner=owner,
        given_name="Jörg",
        family_name="Müller",
        kinds=["customer", "school_friend"],
        known_since=dt.date(2004, 5, 1),
        importance=5,
        notes="Träumt vom Ruhestand in Portugal.\nZweite Zeile.",
    )
    joerg.set_location(munich, "phone", 0.8)
    joerg.save()
    ana = ContactFactory(owner=owner, given_name="Ana", family_name="Gonçalves", language="pt")
    ana.set_location(lisbon, "address", 0.95)
    ana.save()
    theirs = ContactFactory(owner=outsider, given_name="Other", family_name="Person")
    for contact in (joerg, ana, theirs):
        PhoneFactory(contact=contact)
        EmailFactory(contact=contact)
    AddressFactory(contact=joerg, city="München", postal_code="80331", street="Marienplatz 8")
    ContactSource.objects.create(contact=joerg, kind="vcard", label="iPhone", external_id="x-1")
    namesake_group(owner, joerg, ana, name="Jörg Müller")

    trip = TripFactory(owner=owner, place=munich, start=dt.date(2025, 3, 10), hotel="Hof")
    evening = EveningFactory(
        owner=owner,
        place=munich,
        date=dt.date(2025, 3, 11),
        trip=trip,
        shown=[{"contact_id": joerg.pk, "score": 12.25, "reasons": ["same city"]}],
    )
    AttemptFactory(evening=evening, contact=ana, outcome="declined")
    AttemptFactory(evening=evening, contact=joerg, outcome="accepted", note="gern!")
    meal = MealFactory(
        owner=owner,
        date=dt.date(2025, 3, 11),
        time=dt.time(19, 30),
        evening=evening,
        place=munich,
        amount=Decimal("123.45"),
        tip=Decimal("12.30"),
        notes="Schweinsbraten",
    )
    meal.bill_photo.save("bill.jpg", ContentFile(BILL))
    MealParticipantFactory(meal=meal, contact=joerg, rating=5)
    receipt = approve(meal, owner)  # a sealed receipt: its PDF is an upload too
    NoteFactory(contact=joerg, meal=meal, kind="fact")
    FollowUpFactory(contact=joerg, due=dt.date(2025, 4, 1), done_at=timezone.now())
    FollowUpFactory(contact=ana)

    team = Group.objects.create(name="Reisende")
    team.permissions.set(Permission.objects.filter(codename__in=["view_contact", "add_meal"]))
    outsider.groups.add(team)
    outsider.user_permissions.add(Permission.objects.get(codename="change_trip"))
    LogEntry.objects.create(
        user=outsider,
        content_type=ContentType.objects.get_for_model(meal),
        object_id=str(meal.pk),
        object_repr=str(meal),
        action_flag=ADDITION,
        change_message="[]",
    )
    Session.objects.create(
        session_key="k" * 32, session_data="e30:1", expire_date=timezone.now() + dt.timedelta(1)
    )
    a_team(owner, outsider, joerg)
    return {"owner": owner, "meal": meal, "receipt": receipt}


def a_team(owner, colleague, contact) -> None:
    """A team of two: one shares a contact by hand and customers by kind, with phone numbers;
    an invitation used and one still open."""
    from tafelrunde.teams.membership import add_member, create_team, invite, join
    from tafelrunde.teams.sharing import set_sharing, share_contacts

    mine = create_team(owner, "Vertrieb Süd")
    set_sharing(mine, kinds=["customer"], trips=True, phones=True)
    share_contacts(mine, [contact])
    add_member(mine, colleague, "admin")
    used, _url = invite(mine, "carla@example.com")
    join(used, UserFactory(username="carla"))
    invite(mine, role="admin")
