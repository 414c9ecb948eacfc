"""A merge loses nothing: every link to a contact is moved to the kept one, or says why not.

The checks are over the models Django knows, found here on their own (not through
merge.contact_links), so a model added later with a link to Contact fails until the merge
moves its rows (and ROWS below makes one to prove it) or merge.LEFT_BEHIND says why not.
"""

import datetime as dt

import pytest
from django.apps import apps
from django.db import models

from tafelrunde.network.models import Contact, ContactSource
from tafelrunde.relationships.merge import LEFT_BEHIND, MOVED_BY_RULE, contact_links, merge_contacts
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
    namesake_group,
)

pytestmark = pytest.mark.django_db

# One row per link, pointing at the contact that is merged away (nothing the kept one has).
ROWS = {
    "network.Phone.contact": lambda other: PhoneFactory(contact=other),
    "network.Email.contact": lambda other: EmailFactory(contact=other),
    "network.Address.contact": lambda other: AddressFactory(contact=other),
    "network.ContactSource.contact": lambda other: ContactSource.objects.create(
        owner=other.owner, contact=other, kind="vcard", external_id="uid-1"
    ),
    "network.NamesakeMember.contact": lambda other: namesake_group(
        other.owner, other, ContactFactory(owner=other.owner)
    ).members.get(contact=other),
    "evenings.Attempt.contact": lambda other: AttemptFactory(
        owner=other.owner, evening=EveningFactory(owner=other.owner), contact=other
    ),
    "meals.MealParticipant.contact": lambda other: MealParticipantFactory(
        meal=MealFactory(owner=other.owner), contact=other
    ),
    "meals.Note.contact": lambda other: NoteFactory(contact=other),
    "meals.FollowUp.contact": lambda other: FollowUpFactory(contact=other),
    "sync.Item.contact": lambda other: synced_card(other),
    "rounds.Invitee.contact": lambda other: invited(other),
    "teams.SharedContact.contact": lambda other: shared_with_a_team(other),
}


def links_to_contact() -> dict[str, tuple[type[models.Model], models.Field]]:
    """ "app.Model.field" → (model, field) for every field of any kind that points at Contact."""
    return {
        f"{model._meta.label}.{field.name}": (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created and field.related_model is Contact
    }


def moved_as_they_are() -> list[str]:
    moved = [f"{model._meta.label}.{field}" for model, field in contact_links()]
    return [link for link in moved if link not in MOVED_BY_RULE and link not in LEFT_BEHIND]


def test_every_link_to_a_contact_is_moved_by_a_merge_or_left_behind_for_a_reason():
    moved = {f"{model._meta.label}.{field}" for model, field in contact_links()}
    for link in links_to_contact():
        assert link in moved or link in LEFT_BEHIND, (
            f"{link} points at a contact, but a merge neither moves it nor says in "
            "merge.LEFT_BEHIND why not: its rows would go with the merged-away contact"
        )
    for link in [*MOVED_BY_RULE, *LEFT_BEHIND]:
        assert link in links_to_contact(), f"{link} has a merge rule but no longer exists"


def test_a_merge_moves_a_row_of_every_link_onto_the_kept_contact(owner):
    keep, other = ContactFactory(owner=owner), ContactFactory(owner=owner)
    rows = {}
    for link in links_to_contact():
        assert link in ROWS, f"{link}: give ROWS a row of it so the merge is checked"
        rows[link] = ROWS[link](other)
    merge_contacts(keep, other)
    for link, row in rows.items():
        model, field = links_to_contact()[link]
        after = model._base_manager.filter(pk=row.pk).values_list(field.attname, flat=True)
        if link in LEFT_BEHIND:
            assert not after.exists(), f"{link} is left behind but outlived the merge"
        else:
            assert list(after) == [keep.pk], f"{link} was not moved to the kept contact"


def test_links_moved_as_they_are_cannot_double_up_on_the_kept_contact():
    # A unique link (one-to-one, unique, or in a unique constraint) would clash with the kept
    # contact's own row, or the merge would fail: it needs a rule in merge.MOVED_BY_RULE.
    for link in moved_as_they_are():
        model, field = links_to_contact()[link]
        unique_sets = [set(fields) for fields in model._meta.unique_together]
        unique_sets += [
            set(constraint.fields)
            for constraint in model._meta.constraints
            if isinstance(constraint, models.UniqueConstraint)
        ]
        assert not field.unique, f"{link} is unique: give it a rule in MOVED_BY_RULE"
        assert not [s for s in unique_sets if field.name in s], (
            f"{link} is in a unique constraint: give it a rule in MOVED_BY_RULE"
        )


def synced_card(contact):
    """The row that remembers which card of an address book became the contact."""
    from tafelrunde.sync.models import Collection, Item, Source

    source = Source.objects.create(
        owner=contact.owner, kind="carddav", name="Kontakte", url_sealed="", url_shown="…"
    )
    collection = Collection.objects.create(source=source, href="https://dav.example/book/")
    return Item.objects.create(
        collection=collection, href="https://dav.example/book/1.vcf", contact=contact
    )


def invited(contact):
    """A guest's personal link in an invitation round."""
    from django.utils import timezone

    from tafelrunde.rounds.models import Invitee, Round

    owner = contact.owner
    evening = EveningFactory(owner=owner, date=dt.date(2020, 1, 1))
    made = Round.objects.create(owner=owner, evening=evening, expires_at=timezone.now())
    return Invitee.objects.create(
        owner=owner, round=made, contact=contact, token_hash="0" * 64, token_sealed=""
    )


def shared_with_a_team(contact):
    """The contact, shared by its owner with a team of theirs."""
    from tafelrunde.teams.membership import create_team
    from tafelrunde.teams.models import SharedContact

    membership = create_team(contact.owner, "Vertrieb")
    return SharedContact.objects.create(membership=membership, contact=contact)
