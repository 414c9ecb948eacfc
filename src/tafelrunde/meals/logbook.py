"""Saving a meal the same way from every face (the meal form, `tafelrunde meal add`).

One place owns the rules: a meal is held once it happened or has a bill; it belongs to the
evening of its date, if the owner has one, and is at that evening's (or trip's) place unless
another was named; the guests at the table are exactly the ones given. Once its receipt is
approved, a save that changes what the receipt shows seals a new version and logs each change
(meals.sealing), and deleting it needs a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from tafelrunde.evenings.evening import evening_place
from tafelrunde.evenings.models import Evening
from tafelrunde.meals import sealing
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.network.models import Contact
from tafelrunde.owned import Owner

Guest = tuple[Contact, int | None]  # a contact at the table, and how warm it was (1–5)


def status_for(happened: bool, amount: Decimal | None) -> str:
    """Held when the owner says it happened, or when there is a bill; planned otherwise."""
    return Meal.Status.HELD if happened or amount is not None else Meal.Status.PLANNED


def evening_on(owner: Owner, day: dt.date) -> Evening | None:
    """The owner's evening of `day` (there is at most one), if it was begun."""
    return Evening.objects.owned_by(owner).filter(date=day).first()


@transaction.atomic
def save_meal(meal: Meal, guests: Sequence[Guest]) -> Meal:
    """Save the meal on its evening and seat exactly `guests` (contacts of the meal's owner).

    A guest whose contact was deleted meanwhile stays at the table under their name. When the
    receipt is approved and a receipt field changed, a new version is sealed.
    """
    if any(contact.owner_id != meal.owner_id for contact, _rating in guests):
        raise ValueError("A meal cannot seat another account's contact.")
    meal.evening = evening_on(meal.owner, meal.date)
    if meal.place_id is None:
        meal.place = evening_place(meal.owner, meal.date)
    meal.save()
    seated = {seat.contact_id: seat for seat in meal.participants.exclude(contact=None)}
    wanted = {contact.pk: (contact, rating) for contact, rating in guests}
    meal.participants.exclude(contact=None).exclude(contact_id__in=wanted).delete()
    for pk, (contact, rating) in wanted.items():
        seat = seated.get(pk)
        if seat is None:
            MealParticipant.objects.create(meal=meal, contact=contact, rating=rating)
        elif seat.rating != rating:
            seat.rating = rating
            seat.save(update_fields=["rating"])
    sealing.record_changes(meal)
    return meal


def delete_meal(meal: Meal, reason: str = "") -> None:
    """Delete the meal, its seats and the photo of its bill (from disk, once committed).

    Notes and follow-ups written at the meal stay on the guests' timelines, without the meal.
    An approved meal needs a `reason` (sealing.ReasonRequired otherwise): it is kept in a
    tombstone entry of the change log, beside the sealed versions, which stay.
    """
    storage, bill = meal.bill_photo.storage, meal.bill_photo.name
    with transaction.atomic():
        sealing.log_deletion(meal, reason)
        meal.delete()
        if bill:
            transaction.on_commit(lambda: storage.delete(bill))
