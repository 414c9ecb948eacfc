"""Deleting a meal: asked first, its bill goes from disk, its guests and notes stay."""

import html
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tafelrunde.meals.models import Meal, MealParticipant, Note
from tests.factories import ContactFactory, MealFactory, MealParticipantFactory, NoteFactory
from tests.meals.test_meal_pages import TINY_PNG

pytestmark = pytest.mark.usefixtures("private_uploads")  # every test's files in its own folder


@pytest.fixture
def meal(owner):
    meal = MealFactory(owner=owner, restaurant="Sophienkeller", amount=Decimal("84.50"))
    joerg = ContactFactory(owner=owner, given_name="Jörg", family_name="Müller")
    MealParticipantFactory(meal=meal, contact=joerg)
    NoteFactory(contact=joerg, meal=meal, text="Wants to retire to Portugal.")
    meal.bill_photo.save("bill.png", ContentFile(TINY_PNG))
    return meal


def page(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_the_meal_page_offers_to_delete_it(owner_client, meal):
    response = owner_client.get(reverse("meal-detail", args=[meal.pk]))
    assert reverse("meal-delete", args=[meal.pk]) in response.content.decode()


def test_deleting_asks_first_and_says_what_goes(owner_client, meal):
    response = owner_client.get(reverse("meal-delete", args=[meal.pk]))
    text = page(response)
    assert response.status_code == 200
    assert "Its amount (" in text and "84.50) is no longer counted." in text
    assert "Who sat at the table: Jörg Müller. The contacts themselves stay." in text
    assert "The photo of the bill is deleted." in text
    assert "1 note or follow-up written at this meal stays on the guest’s timeline." in text
    assert Meal.objects.filter(pk=meal.pk).exists()


def test_deleting_removes_the_meal_its_seats_and_the_bill_file(
    owner_client, owner, meal, django_capture_on_commit_callbacks
):
    bill = Path(meal.bill_photo.path)
    assert bill.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("meal-delete", args=[meal.pk]))
    assert response.url == reverse("meal-list")
    assert not Meal.objects.filter(pk=meal.pk).exists()
    assert not MealParticipant.objects.filter(owner=owner).exists()
    assert not bill.exists()
    note = Note.objects.get(owner=owner)
    assert note.meal is None and note.contact.full_name == "Jörg Müller"
    assert "Meal deleted." in page(owner_client.get(response.url))


def test_a_meal_without_a_bill_is_deleted_too(owner_client, owner):
    meal = MealFactory(owner=owner)
    owner_client.post(reverse("meal-delete", args=[meal.pk]))
    assert not Meal.objects.filter(pk=meal.pk).exists()


def test_an_outsider_gets_404_and_the_meal_and_bill_stay(
    outsider_client, meal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert outsider_client.get(reverse("meal-delete", args=[meal.pk])).status_code == 404
        assert outsider_client.post(reverse("meal-delete", args=[meal.pk])).status_code == 404
    assert Meal.objects.filter(pk=meal.pk).exists()
    assert Path(meal.bill_photo.path).is_file()
