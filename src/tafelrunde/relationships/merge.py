"""Two contacts that are one person become one: the one place for how contacts are merged.

The contact known longer is kept; everything the other one has and the kept one lacks moves
over (reach, sources, timeline, call attempts, meal seats), and the other one is deleted.
What moves is found, not listed: every row of every model that links to Contact (see
contact_links), so a model added later is not lost to the cascade. Rows that could double
what the kept contact has already follow a rule of their own (MOVED_BY_RULE).
"""

from __future__ import annotations

from typing import cast

from django.db import models, transaction
from django.db.models import ForeignObjectRel

from tafelrunde.meals.models import MealParticipant
from tafelrunde.network.contact_import import SCALAR_FIELDS, _address_identity
from tafelrunde.network.location import KEPT_SOURCES, locate_contact
from tafelrunde.network.models import Contact
from tafelrunde.network.namesakes import keeper_order, move_membership

# Links ("app.Model.field") whose rows, moved as they are, could double what the kept
# contact has: each follows the rule named.
MOVED_BY_RULE = {
    "network.Phone.contact": "a number the kept contact has stays behind (_move_reach)",
    "network.Email.contact": "an address the kept contact has stays behind (_move_reach)",
    "network.Address.contact": "an address the kept contact has stays behind (_move_reach)",
    "network.ContactSource.contact": "a source the kept contact has stays behind (_move_reach)",
    "network.NamesakeMember.contact": "one namesake group per contact (move_membership)",
    "meals.MealParticipant.contact": "one seat per person at a meal (_move_seats)",
    "teams.SharedContact.contact": (
        "one share per team membership: a share the kept contact has stays behind (_move_once)"
    ),
}
# Links whose rows are unique per contact and one more column: a row of the other contact
# moves unless the kept one has a row with the same value there (then it goes with the other).
# By label, not by import: these apps sit above this one.
MOVED_ONCE_PER = {"teams.SharedContact.contact": "membership"}
# Links whose rows stay with the other contact and are deleted with it: link → why.
LEFT_BEHIND: dict[str, str] = {}


def contact_links() -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every foreign key and one-to-one link to Contact, hidden too."""
    return [
        (cast(type[models.Model], relation.related_model), relation.field.name)
        for relation in Contact._meta.get_fields(include_hidden=True)
        if isinstance(relation, ForeignObjectRel) and (relation.one_to_many or relation.one_to_one)
    ]


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
        _move_seats(keep, other)
        _move_once(keep, other)
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


def _move_seats(keep: Contact, other: Contact) -> None:
    """Meal seats move; where both sat at one meal, that was one guest: the kept contact's
    seat stays (taking the other's rating when it has none) and the other's goes."""
    kept = MealParticipant.objects.filter(owner_id=keep.owner_id, contact=keep)
    doubled = MealParticipant.objects.filter(
        owner_id=keep.owner_id, contact=other, meal_id__in=kept.values("meal_id")
    )
    for seat in doubled:
        twin = kept.filter(meal_id=seat.meal_id).first()
        if twin is not None and twin.rating is None and seat.rating is not None:
            twin.rating = seat.rating
            twin.save(update_fields=["rating"])
        seat.delete()
    MealParticipant.objects.filter(owner_id=keep.owner_id, contact=other).update(contact=keep)


def _move_once(keep: Contact, other: Contact) -> None:
    """Rows unique per contact and one more column (MOVED_ONCE_PER): each once."""
    for model, field in contact_links():
        column = MOVED_ONCE_PER.get(f"{model._meta.label}.{field}")
        if column is None:
            continue
        rows = model._base_manager
        have = rows.filter(**{field: keep}).values(column)
        rows.filter(**{field: other}).exclude(**{f"{column}__in": have}).update(**{field: keep})


def _move_history(keep: Contact, other: Contact) -> None:
    """Every other row that points at `other` (notes, follow-ups, call attempts, and whatever
    links to Contact next) moves as it is: the shared past belongs to one person."""
    for model, field in contact_links():
        link = f"{model._meta.label}.{field}"
        if link not in MOVED_BY_RULE and link not in LEFT_BEHIND:
            model._base_manager.filter(**{field: other}).update(**{field: keep})


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
