"""Erasing a contact completely: the person goes, the owner's own history stays.

Gone: the contact with their phones, e-mails, addresses and import sources, every note,
fact, follow-up and call attempt about them, suggestions to merge them, their rows in the
call lists as they were shown, and the admin site's history of those rows. Meals they were
at keep the seat (so amount and guest count stay true) under MealParticipant.ERASED_NAME;
a meal whose receipt was approved logs the erasure in its change log, and its sealed PDFs stay
as approved (a record the owner must keep, meals.sealing).
Kept: free text the owner wrote elsewhere (meal notes and occasions, other contacts'
notes), which may still mention them. Importing a file that still holds them later makes
a new contact: nothing remembers the erased one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals import sealing
from tafelrunde.meals.models import FollowUp, MealParticipant, Note
from tafelrunde.network.models import Contact
from tafelrunde.network.namesakes import drop_lonely_groups, groups_of


@dataclass(frozen=True)
class ContactErasure:
    """What erasing one contact removes, and how many meals lose their name."""

    notes: int
    facts: int
    follow_ups: int
    attempts: int
    suggestions: int
    meals: int


def erasure_of(contact: Contact) -> ContactErasure:
    """What erase_contact(contact) would remove, counted without changing anything."""
    notes = Note.objects.filter(contact=contact)
    return ContactErasure(
        notes=notes.filter(kind=Note.Kind.NOTE).count(),
        facts=notes.filter(kind=Note.Kind.FACT).count(),
        follow_ups=FollowUp.objects.filter(contact=contact).count(),
        attempts=Attempt.objects.filter(contact=contact).count(),
        suggestions=groups_of(contact).count(),
        meals=MealParticipant.objects.filter(contact=contact).values("meal").distinct().count(),
    )


@transaction.atomic
def erase_contact(contact: Contact) -> ContactErasure:
    """Remove the contact and everything about them; their meals keep amount and seat."""
    erasure = erasure_of(contact)
    sealing.log_erased_guests(contact)
    MealParticipant.objects.filter(contact=contact).update(
        contact=None, name=MealParticipant.ERASED_NAME, rating=None
    )
    _drop_from_call_lists(contact)
    _forget_admin_history(contact)
    groups = list(groups_of(contact).values_list("id", flat=True))
    drop_lonely_groups(contact.owner_id, groups, leaving=contact.pk)
    contact.delete()
    return erasure


def _drop_from_call_lists(contact: Contact) -> None:
    """Take the contact's rows (id, score, reasons about them) out of the lists once shown."""
    evenings = Evening.objects.filter(owner_id=contact.owner_id).only("id", "shown")
    changed = []
    for evening in evenings:
        rows = evening.shown if isinstance(evening.shown, list) else []
        kept = [row for row in rows if not _shows(row, contact.pk)]
        if len(kept) != len(rows):
            evening.shown = kept
            changed.append(evening)
    Evening.objects.bulk_update(changed, ["shown"], batch_size=500)


def _shows(row, contact_id: int) -> bool:
    return isinstance(row, dict) and row.get("contact_id") == contact_id


def _forget_admin_history(contact: Contact) -> None:
    """Admin log entries name the rows they touched ("Jörg Müller"): those about this person go."""
    rows: dict[type[models.Model], set] = {Contact: {contact.pk}}
    for relation in Contact._meta.related_objects:
        if relation.on_delete is models.CASCADE:
            model = cast(type[models.Model], relation.related_model)
            found = model._base_manager.filter(**{relation.field.name: contact})
            rows.setdefault(model, set()).update(found.values_list("pk", flat=True))
    for model, pks in rows.items():
        if pks:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=[str(pk) for pk in pks],
            ).delete()
