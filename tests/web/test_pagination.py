"""Long lists come in pages: previous and next links, and a search that stays on every page."""

import pytest
from django.urls import reverse

from tafelrunde.web.views.contacts import CONTACTS_PER_PAGE
from tafelrunde.web.views.meals import MEALS_PER_PAGE
from tests.factories import ContactFactory, MealFactory

pytestmark = pytest.mark.django_db


def test_a_search_with_more_hits_than_a_page_keeps_the_search_on_the_next_page(owner, owner_client):
    for number in range(CONTACTS_PER_PAGE + 1):
        ContactFactory(owner=owner, full_name=f"Anna Weber {number}")
    ContactFactory(owner=owner, full_name="Bernd Schulz")

    first = owner_client.get(reverse("contact-list"), {"q": "weber"}).content.decode()
    assert "Page 1 of 2" in first
    assert 'href="?q=weber&amp;page=2"' in first
    assert "Bernd Schulz" not in first

    second = owner_client.get(reverse("contact-list"), {"q": "weber", "page": 2})
    html = second.content.decode()
    assert "Page 2 of 2" in html
    assert 'href="?q=weber&amp;page=1"' in html
    assert html.count("Anna Weber") == 1


def test_the_meal_log_in_pages_has_no_search_in_its_links(owner, owner_client):
    MealFactory.create_batch(MEALS_PER_PAGE + 1, owner=owner)
    html = owner_client.get(reverse("meal-list")).content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?page=2"' in html


def test_one_page_shows_no_page_links(owner, owner_client):
    ContactFactory(owner=owner, full_name="Anna Weber")
    html = owner_client.get(reverse("contact-list")).content.decode()
    assert "Page 1 of" not in html
