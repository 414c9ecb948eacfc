"""Every row belongs to one account; nothing of one account is reachable from another."""

import pytest
from django.http import Http404

from tafelrunde.meals.models import MealParticipant
from tafelrunde.network.models import Contact, Phone
from tests.factories import (
    ContactFactory,
    EmailFactory,
    MealFactory,
    NoteFactory,
    PhoneFactory,
    TripFactory,
)

pytestmark = pytest.mark.django_db


def test_owner_gets_their_contact(owner):
    contact = ContactFactory(owner=owner)
    assert Contact.objects.owned_by(owner).get_or_404(contact.pk) == contact


def test_outsider_gets_404_as_if_the_contact_did_not_exist(owner, outsider):
    contact = ContactFactory(owner=owner)
    with pytest.raises(Http404):
        Contact.objects.owned_by(outsider).get_or_404(contact.pk)


@pytest.mark.parametrize("bad_id", ["abc", None, "", "1; drop table"])
def test_nonsense_ids_are_a_404_not_a_crash(owner, bad_id):
    with pytest.raises(Http404):
        Contact.objects.owned_by(owner).get_or_404(bad_id)


def test_owned_by_lists_only_the_accounts_rows(owner, outsider):
    mine = ContactFactory.create_batch(2, owner=owner)
    ContactFactory(owner=outsider)
    assert set(Contact.objects.owned_by(owner)) == set(mine)


def test_phones_emails_and_notes_take_their_contacts_owner(owner):
    contact = ContactFactory(owner=owner)
    assert PhoneFactory(contact=contact).owner == owner
    assert EmailFactory(contact=contact).owner == owner
    assert NoteFactory(contact=contact).owner == owner


def test_a_phone_cannot_be_filed_under_another_accounts_contact(owner, outsider):
    contact = ContactFactory(owner=owner)
    with pytest.raises(ValueError, match="another account"):
        Phone.objects.create(contact=contact, owner=outsider, number="+4935112345")
    assert not Phone.objects.exists()


def test_a_meal_cannot_seat_another_accounts_contact(owner, outsider):
    meal = MealFactory(owner=owner)
    stranger = ContactFactory(owner=outsider)
    with pytest.raises(ValueError, match="another account"):
        MealParticipant.objects.create(meal=meal, contact=stranger)


def test_a_guest_is_remembered_by_name(owner):
    meal = MealFactory(owner=owner)
    guest = ContactFactory(owner=owner, given_name="Jörg", family_name="Müller")
    participant = MealParticipant.objects.create(meal=meal, contact=guest)
    assert participant.owner == owner
    assert participant.name == "Jörg Müller"


def test_deleting_an_account_deletes_everything_it_owns(owner, outsider):
    contact = ContactFactory(owner=owner)
    PhoneFactory(contact=contact)
    TripFactory(owner=owner)
    MealFactory(owner=owner)
    ContactFactory(owner=outsider)
    owner.delete()
    assert list(Contact.objects.values_list("owner__username", flat=True)) == ["outsider"]
    assert not Phone.objects.exists()


def test_full_name_is_made_from_its_parts_and_search_key_is_folded(owner):
    contact = ContactFactory(
        owner=owner, title="Dr.", given_name="Jörg", family_name="Weiß", organisation="Köhler AG"
    )
    assert contact.full_name == "Dr. Jörg Weiß"
    assert "jorg" in contact.search_key
    assert "weiss" in contact.search_key
    assert "kohler" in contact.search_key
