"""Erasing a contact: the person goes from every table; meals keep their amount, not the name."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.exchange.erase_account import owned_models
from tafelrunde.exchange.importing import import_files
from tafelrunde.meals.expenses import expense_row
from tafelrunde.meals.models import FollowUp, Meal, MealParticipant, Note
from tafelrunde.meals.receipts import build_receipt_pdf, receipt_for
from tafelrunde.meals.stats import statistics_for, statistics_json
from tafelrunde.network.models import Contact, ContactSource, Email, NamesakeGroup, Phone
from tafelrunde.relationships.erase import erase_contact, erasure_of
from tafelrunde.travel.models import Trip
from tests.factories import ContactFactory, EmailFactory, NoteFactory, PhoneFactory, namesake_group
from tests.network.test_json_roundtrip import build_history

# Text the owner wrote about other things, which may mention the person: left as written.
FREE_TEXT = {
    (Meal, "notes"),
    (Meal, "occasion"),
    (Contact, "notes"),
    (Note, "text"),
    (FollowUp, "text"),
    (Attempt, "note"),
    (Trip, "title"),
    (Trip, "notes"),
}


@pytest.fixture
def people(owner):
    """build_history's network, with Bob Bauer everywhere a person can be."""
    people = build_history(owner)
    bob, anna = people["bob"], people["anna"]
    PhoneFactory(contact=bob, number="+498912345678")
    EmailFactory(contact=bob, address="bob.bauer@example.com")
    ContactSource.objects.create(contact=bob, kind="vcard", label="phone.vcf", external_id="b-1")
    NamesakeGroup.objects.filter(owner=owner).delete()  # Anna's with Carl: now with Bob
    namesake_group(owner, anna, bob, status="apart", name="Bob Bauer")
    LogEntry.objects.log_actions(
        owner.pk, [bob], CHANGE, change_message="renamed", single_object=True
    )
    meal = Meal.objects.get(owner=owner, restaurant="Augustiner")
    meal.occasion = "Messe: Bob Bauer stellt die neue Halle vor"
    meal.save()
    anna.notes = "Knows Bob Bauer from school."
    anna.save()
    return people


def test_no_row_anywhere_refers_to_an_erased_contact(owner, people):
    bob_id = people["bob"].pk
    erase_contact(people["bob"])
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Contact:
                rows = model._base_manager.filter(**{field.name: bob_id})
                assert not rows.exists(), f"{model.__name__}.{field.name}"
    for evening in Evening.objects.all():
        assert bob_id not in [row["contact_id"] for row in evening.shown]
    assert (
        Evening.objects.filter(owner=owner).exclude(shown=[]).get().shown[0]["contact_id"]
        == people["anna"].pk
    )
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact), object_id=str(bob_id)
    ).exists()


def test_no_column_of_the_owner_carries_their_name_number_or_address(owner, people):
    bob = people["bob"]
    traces = ("Bob Bauer", "+498912345678", "bob.bauer@example.com")
    erase_contact(bob)
    for model, link in owned_models():
        for field in model._meta.concrete_fields:
            if (model, field.name) in FREE_TEXT:
                continue
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            rows = model._base_manager.filter(**{link: owner})
            for value in rows.values_list(field.name, flat=True):
                for trace in traces:
                    assert trace not in str(value), f"{model.__name__}.{field.name}: {value}"


def test_free_text_the_owner_wrote_elsewhere_is_left_as_written(owner, people):
    erase_contact(people["bob"])
    assert "Bob Bauer" in Meal.objects.get(owner=owner, restaurant="Augustiner").occasion
    assert Contact.objects.get(pk=people["anna"].pk).notes == "Knows Bob Bauer from school."


def test_the_meal_keeps_date_amount_and_seat_but_loses_the_name(owner, people):
    erase_contact(people["bob"])
    meal = Meal.objects.get(owner=owner, restaurant="Augustiner")
    assert (meal.date, meal.amount, meal.tip) == (dt.date(2024, 3, 4), Decimal("123.40"), 12)
    seats = list(meal.participants.values_list("contact", "name", "rating"))
    assert seats == [(None, "Guest (name erased)", None), (None, "Bob's wife", None)]
    assert meal.evening is not None  # the evening of calls stays, without Bob's call


def test_receipts_expenses_and_statistics_still_work_for_the_meal(owner, people):
    erase_contact(people["bob"])
    meal = Meal.objects.get(owner=owner, restaurant="Augustiner")
    assert receipt_for(meal, "de").guests == ("Gast (Name gelöscht)", "Bob's wife")
    assert receipt_for(meal, "en").guests == ("Guest (name erased)", "Bob's wife")
    assert build_receipt_pdf(meal, "de").startswith(b"%PDF")
    row = expense_row(meal)
    assert "Guest (name erased); Bob's wife" in row
    assert "135.40" in row
    figures = statistics_json(statistics_for(owner, dt.date(2024, 12, 31)))
    assert figures["dinners"] >= 1
    assert figures["spend"]


def test_notes_facts_follow_ups_attempts_and_suggestions_go(owner, people):
    bob_id = people["bob"].pk
    erasure = erase_contact(people["bob"])
    assert (erasure.notes, erasure.facts, erasure.follow_ups) == (0, 1, 1)
    assert (erasure.attempts, erasure.suggestions, erasure.meals) == (1, 1, 1)
    for model in (Note, FollowUp, Attempt, Phone, Email, ContactSource):
        assert not model.objects.filter(contact_id=bob_id).exists(), model.__name__
    assert not NamesakeGroup.objects.filter(owner=owner).exists()  # Anna alone: no question
    assert Contact.objects.filter(owner=owner).count() == 2


def test_other_contacts_and_an_outsiders_namesake_are_untouched(owner, outsider, people):
    namesake = ContactFactory(owner=outsider, given_name="Bob", family_name="Bauer")
    NoteFactory(contact=namesake, text="Outsider's note")
    anna_notes = Note.objects.filter(contact=people["anna"]).count()
    erase_contact(people["bob"])
    assert Contact.objects.filter(pk=namesake.pk).exists()
    assert Note.objects.filter(contact=namesake).count() == 1
    assert Note.objects.filter(contact=people["anna"]).count() == anna_notes


def test_the_confirmation_page_says_what_goes_and_what_stays(owner_client, people):
    bob = people["bob"]
    response = owner_client.get(reverse("contact-delete", args=[bob.pk]))
    page = " ".join(html.unescape(response.content.decode()).split())
    assert "Erase Bob Bauer completely?" in page
    assert "0 notes, 1 personal fact, 1 follow-up" in page
    assert "1 call attempt, 1 suggestion to merge them" in page
    assert "1 meal keeps its date, place and amount, but no longer names them" in page
    assert "Free text you wrote elsewhere that mentions them" in page
    assert Contact.objects.filter(pk=bob.pk).exists()
    assert erasure_of(bob).meals == 1


def test_erasing_on_the_page_uses_the_erasure(owner_client, owner, people):
    bob_id = people["bob"].pk
    response = owner_client.post(reverse("contact-delete", args=[bob_id]))
    assert response.url == reverse("contact-list")
    assert not Contact.objects.filter(pk=bob_id).exists()
    names = MealParticipant.objects.filter(owner=owner).values_list("name", flat=True)
    assert "Bob Bauer" not in names
    assert "Erased Bob Bauer." in owner_client.get(response.url).content.decode()


def test_an_outsider_cannot_see_or_erase_the_contact(outsider_client, people):
    bob = people["bob"]
    assert outsider_client.get(reverse("contact-delete", args=[bob.pk])).status_code == 404
    assert outsider_client.post(reverse("contact-delete", args=[bob.pk])).status_code == 404
    assert Contact.objects.filter(pk=bob.pk).exists()


def test_importing_them_again_makes_a_new_contact_and_leaves_the_meal_anonymous(owner, people):
    card = (
        "BEGIN:VCARD\nVERSION:3.0\nUID:joerg-1\nN:Müller;Jörg;;;\nFN:Jörg Müller\n"
        "TEL;TYPE=CELL:+49 171 5550123\nEND:VCARD\n"
    )
    assert import_files(owner, [("phone.vcf", card.encode())]).created == 1
    joerg = Contact.objects.get(owner=owner, full_name="Jörg Müller")
    meal = Meal.objects.get(owner=owner, restaurant="Augustiner")
    MealParticipant.objects.create(meal=meal, contact=joerg)
    joerg_id = joerg.pk
    erase_contact(joerg)
    report = import_files(owner, [("phone.vcf", card.encode())])
    assert report.created == 1
    again = Contact.objects.get(owner=owner, full_name="Jörg Müller")
    assert again.pk != joerg_id
    assert not meal.participants.filter(contact=again).exists()
