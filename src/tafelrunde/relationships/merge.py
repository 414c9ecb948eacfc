"""Two contacts that are one person become one: the one place for how contacts are merged.

The contact known longer is kept; everything the other one has and the kept one lacks moves
over (reach, sources, timeline, call attempts, meal seats), and the other one is deleted.
"""

from __future__ import annotations

from django.db import transaction

from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import FollowUp, MealParticipant, Note
from tafelrunde.network.contact_import import SCALAR_FIELDS, _address_identity
from tafelrunde.network.location import KEPT_SOURCES, locate_contact
from tafelrunde.network.models import Contact
from tafelrunde.network.namesakes import keeper_order, move_membership


def choose_keeper(first: Contact, second: Contact) -> tuple[Contact, Contact]:
    """(keep, other): the contact known since earlier, else the older entry (lower id)."""
    return (first, second) if keeper_order(first) <= keeper_order(second) else (second, first)


def merge_contacts(keep: Contact, other: Contact) -> Contact:
    """Fold `other` into `keep` and delete `other`, all or nothing; returns the kept contact.

    Both must belong to the same owner. Raises Contact.DoesNotExist when either is gone.
    """
    if keep.pk == other.pk:
        raise ValueError("A contact cannot be merged with itself.")
    if keep.owner_id != other.owner_id:
        raise ValueError("Contacts of different accounts cannot be merged.")
    with transaction.atomic():
        # Fresh rows, locked (on PostgreSQL), so a concurrent edit or merge is not lost.
        locked = Contact.objects.select_for_update().filter(owner_id=keep.owner_id)
        keep, other = locked.get(pk=keep.pk), locked.get(pk=other.pk)
        _move_reach(keep, other)
        _move_history(keep, other)
        _fold_fields(keep, other)
        _relocate(keep, other)
        keep.save()
        move_membership(keep, other)
        other.delete()
    return keep


def _move_reach(keep: Contact, other: Contact) -> None:
    """Phones, e-mails, addresses and sources the kept contact does not have yet."""
    have_numbers = {p.number for p in keep.phones.all()}
    have_emails = {e.address.lower() for e in keep.emails.all()}
    have_addresses = {_address_identity(a) for a in keep.addresses.all()}
    have_sources = {(s.kind, s.external_id) for s in keep.sources.all()}
    moving = [
        *(p for p in other.phones.all() if p.number not in have_numbers),
        *(e for e in other.emails.all() if e.address.lower() not in have_emails),
        *(a for a in other.addresses.all() if _address_identity(a) not in have_addresses),
        *(s for s in other.sources.all() if (s.kind, s.external_id) not in have_sources),
    ]
    for row in moving:
        row.contact = keep
        row.save(update_fields=["contact"])
    # Duplicates stay on `other` and go with it.


def _move_history(keep: Contact, other: Contact) -> None:
    """Notes, follow-ups, call attempts and meal seats: the shared past belongs to one person."""
    for model in (Note, FollowUp, Attempt, MealParticipant):
        model.objects.filter(owner_id=keep.owner_id, contact=other).update(contact=keep)


def _fold_fields(keep: Contact, other: Contact) -> None:
    for name in SCALAR_FIELDS:
        if not getattr(keep, name) and getattr(other, name):
            setattr(keep, name, getattr(other, name))
    if not other.name_taken_from:  # a stand-in name ("Acme GmbH") gives way to a real one
        keep.take_real_name(other.full_name)
    if other.known_since and (keep.known_since is None or other.known_since < keep.known_since):
        keep.known_since = other.known_since
    keep.kinds = [*keep.kinds, *(k for k in other.kinds if k not in keep.kinds)]
    keep.importance = max(keep.importance, other.importance)
    keep.do_not_invite = keep.do_not_invite or other.do_not_invite
    if other.notes and other.notes not in keep.notes:
        keep.notes = f"{keep.notes}\n\n{other.notes}".strip()


def _relocate(keep: Contact, other: Contact) -> None:
    """A place set by hand or learned at a meal wins; otherwise find it from the merged reach."""
    from tafelrunde.accounts.models import profile_for

    keep_is_sure = keep.location_source in KEPT_SOURCES and keep.place_id
    if not keep_is_sure and other.location_source in KEPT_SOURCES and other.place_id:
        keep.set_location(other.place, other.location_source, other.location_confidence)
        return
    locate_contact(keep, default_country=profile_for(keep.owner).home_country)
