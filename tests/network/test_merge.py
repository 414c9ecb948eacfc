"""Two entries, one person: merging keeps the one known longer and loses nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from tafelrunde.evenings.models import Attempt
from tafelrunde.exchange.importing import import_files
from tafelrunde.meals.models import FollowUp, MealParticipant, Note
from tafelrunde.network.models import Contact, LocationSource, NamesakeGroup
from tafelrunde.relationships.merge import choose_keeper, merge_contacts
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
    namesake_group,
)

pytestmark = pytest.mark.django_db


def weber_card(organisation: str, *lines: str) -> bytes:
    body = "\n".join(lines)
    return (
        "BEGIN:VCARD\nVERSION:3.0\nN:Weber;Thomas;;;\nFN:Thomas Weber\n"
        f"ORG:{organisation}\n{body}\nEND:VCARD\n"
    ).encode()


@pytest.fixture
def webers(owner):
    """(older, newer, suggestion): Thomas Weber from the phone in 2004, and from LinkedIn."""
    import_files(owner, [("phone.vcf", weber_card("Weber Bau", "TEL:+49 351 4864 2222"))])
    linkedin = weber_card("Stadtwerke Jena", "EMAIL:t.weber@stadtwerke-jena.example")
    import_files(owner, [("linkedin.vcf", linkedin)])
    older, newer = Contact.objects.filter(owner=owner).order_by("id")
    Contact.objects.filter(pk=older.pk).update(known_since=dt.date(2004, 5, 1))
    Contact.objects.filter(pk=newer.pk).update(known_since=dt.date(2021, 3, 9))
    older.refresh_from_db()
    newer.refresh_from_db()
    return older, newer, NamesakeGroup.objects.get(owner=owner)


def test_merging_on_the_page_moves_everything_onto_the_older_entry(owner_client, owner, webers):
    older, newer, suggestion = webers
    NoteFactory(contact=newer, text="Dreams of retiring to Portugal.")
    FollowUpFactory(contact=newer)
    evening = EveningFactory(owner=owner, place=PlaceFactory(city="Dresden"))
    AttemptFactory(evening=evening, owner=owner, contact=newer)
    seat = MealParticipantFactory(meal=MealFactory(owner=owner), contact=newer)

    owner_client.post(reverse("match-suggestion-merge", args=[suggestion.pk]))

    weber = Contact.objects.get(owner=owner)
    assert weber.pk == older.pk
    assert weber.known_since == dt.date(2004, 5, 1)
    assert [p.number for p in weber.phones.all()] == ["+4935148642222"]
    assert [e.address for e in weber.emails.all()] == ["t.weber@stadtwerke-jena.example"]
    assert Note.objects.get(owner=owner).contact == weber
    assert FollowUp.objects.get(owner=owner).contact == weber
    assert Attempt.objects.get(owner=owner).contact == weber
    seat.refresh_from_db()
    assert seat.contact == weber
    assert not Contact.objects.filter(pk=newer.pk).exists()


def test_the_entry_known_longer_is_kept_whichever_came_first(owner):
    newcomer = ContactFactory(owner=owner, known_since=dt.date(2022, 1, 1))
    old_friend = ContactFactory(owner=owner, known_since=dt.date(1998, 9, 1))
    undated = ContactFactory(owner=owner, known_since=None)
    assert choose_keeper(newcomer, old_friend) == (old_friend, newcomer)
    assert choose_keeper(undated, newcomer) == (newcomer, undated)
    first, second = ContactFactory(owner=owner), ContactFactory(owner=owner)
    assert choose_keeper(second, first) == (first, second)


def test_the_earliest_known_since_wins_even_on_the_kept_entry(owner):
    keep = ContactFactory(owner=owner, known_since=None)
    other = ContactFactory(owner=owner, known_since=dt.date(2009, 6, 1))
    assert merge_contacts(keep, other).known_since == dt.date(2009, 6, 1)


def test_nothing_is_doubled(owner):
    keep, other = ContactFactory(owner=owner), ContactFactory(owner=owner)
    for contact in (keep, other):
        PhoneFactory(contact=contact, number="+4935148642222")
        EmailFactory(contact=contact, address="anna@example.com")
        AddressFactory(contact=contact)
    EmailFactory(contact=other, address="ANNA@example.com")
    PhoneFactory(contact=other, number="+491715550123")
    merged = merge_contacts(keep, other)
    assert sorted(merged.phones.values_list("number", flat=True)) == [
        "+491715550123",
        "+4935148642222",
    ]
    assert merged.emails.count() == 1
    assert merged.addresses.count() == 1


def test_blank_fields_are_filled_and_the_stronger_settings_win(owner):
    keep = ContactFactory(
        owner=owner, organisation="", role="", kinds=["customer"], importance=2, notes="Met 2004."
    )
    other = ContactFactory(
        owner=owner,
        organisation="Stadtwerke Jena",
        role="Einkauf",
        kinds=["friend", "customer"],
        importance=5,
        do_not_invite=True,
        birthday=dt.date(1961, 2, 3),
        notes="Two daughters.",
    )
    merged = merge_contacts(keep, other)
    assert (merged.organisation, merged.role) == ("Stadtwerke Jena", "Einkauf")
    assert merged.kinds == ["customer", "friend"]
    assert merged.importance == 5
    assert merged.do_not_invite is True
    assert merged.birthday == dt.date(1961, 2, 3)
    assert merged.notes == "Met 2004.\n\nTwo daughters."


def test_a_place_set_by_hand_is_kept(owner):
    munich = PlaceFactory(city="Munich")
    keep = ContactFactory(owner=owner)
    keep.set_location(munich, LocationSource.MANUAL, 1.0)
    keep.save()
    other = ContactFactory(owner=owner)
    AddressFactory(contact=other, city="Dresden", postal_code="01069")
    assert merge_contacts(keep, other).place == munich


def test_the_other_entrys_place_set_by_hand_is_taken_over(owner):
    lisbon = PlaceFactory(city="Lisbon")
    keep = ContactFactory(owner=owner)
    PhoneFactory(contact=keep, number="+4935148642222")
    other = ContactFactory(owner=owner)
    other.set_location(lisbon, LocationSource.MANUAL, 1.0)
    other.save()
    merged = merge_contacts(keep, other)
    assert (merged.place, merged.location_source) == (lisbon, LocationSource.MANUAL)


def test_the_merged_entry_is_located_from_everything_it_now_has(owner):
    keep = ContactFactory(owner=owner)
    other = ContactFactory(owner=owner)
    AddressFactory(contact=other, street="Prager Straße 1", postal_code="01069", city="Dresden")
    merged = merge_contacts(keep, other)
    assert merged.place.name == "Dresden"
    assert merged.location_source == LocationSource.ADDRESS


def test_the_kept_entry_takes_the_others_place_in_its_namesake_group(owner):
    keep, other, third = (ContactFactory(owner=owner) for _ in range(3))
    group = namesake_group(owner, other, third, status=NamesakeGroup.Status.KEPT_APART)
    merge_contacts(keep, other)
    assert set(group.members.values_list("contact_id", flat=True)) == {keep.pk, third.pk}
    group.refresh_from_db()
    assert group.status == NamesakeGroup.Status.KEPT_APART


def test_merging_two_of_a_group_of_three_leaves_a_question_about_two(owner):
    keep, other, third = (ContactFactory(owner=owner) for _ in range(3))
    group = namesake_group(owner, keep, other, third)
    merge_contacts(keep, other)
    assert set(group.members.values_list("contact_id", flat=True)) == {keep.pk, third.pk}
    merge_contacts(keep, third)
    assert not NamesakeGroup.objects.filter(owner=owner).exists()  # nobody left to ask about


def test_contacts_of_two_accounts_are_never_merged(owner, outsider):
    mine, theirs = ContactFactory(owner=owner), ContactFactory(owner=outsider)
    with pytest.raises(ValueError, match="different accounts"):
        merge_contacts(mine, theirs)
    with pytest.raises(ValueError, match="itself"):
        merge_contacts(mine, mine)
    assert Contact.objects.filter(pk__in=[mine.pk, theirs.pk]).count() == 2


def test_a_merge_that_fails_halfway_changes_nothing(owner, monkeypatch):
    from tafelrunde.relationships import merge

    keep, other = ContactFactory(owner=owner), ContactFactory(owner=owner)
    PhoneFactory(contact=other, number="+491715550123")

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merge, "move_membership", broken)
    with pytest.raises(RuntimeError):
        merge_contacts(keep, other)
    assert other.phones.count() == 1
    assert Contact.objects.filter(pk=other.pk).exists()


def test_a_meal_seat_keeps_its_name_and_moves(owner):
    keep, other = ContactFactory(owner=owner), ContactFactory(owner=owner, full_name="T. Weber")
    seat = MealParticipantFactory(meal=MealFactory(owner=owner), contact=other)
    merge_contacts(keep, other)
    seat = MealParticipant.objects.get(pk=seat.pk)
    assert (seat.contact, seat.name) == (keep, "T. Weber")


def test_a_guest_seated_twice_at_one_meal_keeps_one_seat_and_the_warmth(owner):
    keep, other = ContactFactory(owner=owner), ContactFactory(owner=owner, full_name="T. Weber")
    dinner, lunch = MealFactory(owner=owner), MealFactory(owner=owner)
    kept_seat = MealParticipantFactory(meal=dinner, contact=keep, rating=None)
    MealParticipantFactory(meal=dinner, contact=other, rating=4)
    MealParticipantFactory(meal=lunch, contact=other, rating=2)
    merge_contacts(keep, other)
    assert [(s.pk, s.rating) for s in dinner.participants.all()] == [(kept_seat.pk, 4)]
    assert [(s.contact, s.rating) for s in lunch.participants.all()] == [(keep, 2)]
