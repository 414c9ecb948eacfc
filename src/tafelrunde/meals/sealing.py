"""Sealing a business meal's receipt: approval, versions and the change log (GoBD).

`approve` stores the receipt PDF exactly as generated, with its SHA-256 and a snapshot of the
receipt's fields. From then on every save of the meal goes through `record_changes` (called
by `logbook.save_meal`, the one place meals are saved from the pages, the API and the
commands): a change to a receipt field logs each field (old, new, who, when) and seals a new
version whose PDF says which version it replaces. Earlier PDFs are never touched.

Deleting an approved meal needs a reason and leaves a tombstone entry (`log_deletion`);
erasing a contact who sat at the table logs that the name was taken (`log_erased_guests`).
Versions and entries keep the meal's id in `meal_number`, so they outlive the meal; they go
only with the account.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from tafelrunde.accounts.models import profile_for
from tafelrunde.meals.expenses import guest_names
from tafelrunde.meals.models import Meal, MealParticipant, ReceiptLogEntry, ReceiptVersion
from tafelrunde.meals.receipts import NotABusinessMeal, Seal, receipt_for, render_pdf
from tafelrunde.owned import Owner

# What the receipt shows, in the order the change log lists it.
RECEIPT_FIELDS = (
    *("date", "restaurant", "restaurant_address", "participants", "occasion", "amount", "tip"),
    *("currency", "business", "bill_photo", "tse_serial", "tse_transaction", "tse_start"),
    *("tse_end", "tse_signature_counter", "gross_by_rate"),
)


class AlreadyApproved(ValueError):
    """The current version already shows the meal as it is: nothing to approve."""


class ReasonRequired(ValueError):
    """An approved meal is deleted only with a reason."""


class ConcurrentChange(RuntimeError):
    """Another change sealed the same version number first; the caller may try again."""


def who(owner: Owner) -> str:
    """The name a version or an entry records for the account that acted."""
    return profile_for(owner).display_name


def versions_of(owner: Owner, meal_number: int):
    """A meal's sealed versions, first to last (also after the meal was deleted)."""
    return ReceiptVersion.objects.owned_by(owner).filter(meal_number=meal_number).order_by("number")


def log_of(owner: Owner, meal_number: int):
    """A meal's change log, oldest first (also after the meal was deleted)."""
    return ReceiptLogEntry.objects.owned_by(owner).filter(meal_number=meal_number)


def current_version(meal: Meal) -> ReceiptVersion | None:
    """The meal's latest sealed version, or None while it is not approved."""
    if meal.pk is None:
        return None
    return versions_of(meal.owner, meal.pk).order_by("-number").first()


def is_sealed(meal: Meal) -> bool:
    return meal.pk is not None and versions_of(meal.owner, meal.pk).exists()


def receipt_fields(meal: Meal) -> dict[str, Any]:
    """What the receipt shows of the meal, as JSON values (the snapshot a version keeps)."""

    def text(value) -> str:
        return "" if value is None else str(value)

    def moment(value: dt.datetime | None) -> str:
        return value.isoformat() if value else ""

    return {
        "date": meal.date.isoformat(),
        "restaurant": meal.restaurant,
        "restaurant_address": meal.restaurant_address,
        "participants": guest_names(meal),
        # Which contact each guest is, so that erasing one finds them after the meal is gone.
        "guest_contacts": [seat.contact_id for seat in meal.participants.all()],
        "occasion": meal.occasion,
        "amount": text(meal.amount),
        "tip": text(meal.tip),
        "currency": meal.currency,
        "business": meal.business,
        "bill_photo": bill_digest(meal),
        "tse_serial": meal.tse_serial,
        "tse_transaction": text(meal.tse_transaction),
        "tse_start": moment(meal.tse_start),
        "tse_end": moment(meal.tse_end),
        "tse_signature_counter": text(meal.tse_signature_counter),
        "gross_by_rate": {str(k): str(v) for k, v in sorted((meal.gross_by_rate or {}).items())},
    }


def bill_digest(meal: Meal) -> str:
    """ "sha256:<hex>" of the bill's file, "" without a bill ("missing" when it is gone)."""
    name = meal.bill_photo.name
    if not name:
        return ""
    digest = hashlib.sha256()
    try:
        with meal.bill_photo.storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except (OSError, SuspiciousFileOperation):
        return "missing"
    return f"sha256:{digest.hexdigest()}"


def as_text(value: Any) -> str:
    """A snapshot value as the change log writes it."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    if isinstance(value, bool):
        return "business" if value else "private"
    return "" if value is None else str(value)


def approve(meal: Meal, user: Owner, language: str | None = None) -> ReceiptVersion:
    """Seal the receipt as it is now: a new version, approved by `user` (the meal's owner).

    Raises NotABusinessMeal for a private meal and AlreadyApproved when the current version
    already shows the meal as it is.
    """
    if meal.owner_id != user.pk:
        raise ValueError("Only the meal's owner approves its receipt.")
    if not meal.business:
        raise NotABusinessMeal(f"Meal {meal.pk} is private: a receipt is only for business meals.")
    with transaction.atomic():
        Meal.objects.select_for_update().filter(pk=meal.pk).first()  # one sealing at a time
        latest = current_version(meal)
        fields = receipt_fields(meal)
        if latest is not None and latest.fields == fields:
            raise AlreadyApproved(
                f"Version {latest.number} of meal {meal.pk} already shows it as it is."
            )
        name = who(user)
        version = _seal(meal, name, latest, fields, language or _language_of(latest))
        ReceiptLogEntry.objects.create(
            owner=meal.owner,
            meal=meal,
            meal_number=meal.pk,
            action=ReceiptLogEntry.Action.APPROVED,
            new=f"version {version.number}",
            who=name,
            at=version.approved_at,
        )
    return version


def record_changes(meal: Meal) -> ReceiptVersion | None:
    """After a save: log each receipt field that differs from the current version, and seal
    the receipt as it is now as the next version. None when the meal is not approved or no
    receipt field changed. Runs in the caller's transaction (logbook.save_meal)."""
    if meal.pk is None or not versions_of(meal.owner, meal.pk).exists():
        return None
    with transaction.atomic():
        Meal.objects.select_for_update().filter(pk=meal.pk).first()  # one sealing at a time
        latest = current_version(meal)
        if latest is None:
            return None
        fields = receipt_fields(meal)
        changed = [name for name in RECEIPT_FIELDS if latest.fields.get(name) != fields[name]]
        if not changed:
            return None
        if not meal.business:
            raise NotABusinessMeal(
                f"Meal {meal.pk} has an approved receipt: it stays a business meal."
            )
        name, now = who(meal.owner), timezone.now()
        ReceiptLogEntry.objects.bulk_create(
            ReceiptLogEntry(
                owner=meal.owner,
                meal=meal,
                meal_number=meal.pk,
                action=ReceiptLogEntry.Action.CHANGED,
                field=field,
                old=as_text(latest.fields.get(field)),
                new=as_text(fields[field]),
                who=name,
                at=now,
            )
            for field in changed
        )
        return _seal(meal, name, latest, fields, latest.language, now)


def _language_of(version: ReceiptVersion | None) -> str | None:
    return version.language if version is not None else None


def _seal(
    meal: Meal,
    name: str,
    latest: ReceiptVersion | None,
    fields: dict[str, Any],
    language: str | None,
    now: dt.datetime | None = None,
) -> ReceiptVersion:
    """Render, store and record the next version (inside the caller's transaction)."""
    now = now or timezone.now()
    number = latest.number + 1 if latest is not None else 1
    replaces = (
        (latest.number, timezone.localdate(latest.approved_at)) if latest is not None else None
    )
    seal = Seal(number, timezone.localdate(now), name, replaces)
    receipt = receipt_for(meal, language, seal)
    pdf = render_pdf(receipt)
    version = ReceiptVersion(
        owner=meal.owner,
        meal=meal,
        meal_number=meal.pk,
        number=number,
        sha256=hashlib.sha256(pdf).hexdigest(),
        language=receipt.language,
        approved_by=name,
        approved_at=now,
        fields=fields,
    )
    version.pdf.save("receipt.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        version.pdf.storage.delete(version.pdf.name)
        raise ConcurrentChange(
            f"Version {number} of meal {meal.pk} was sealed at the same moment; try again."
        ) from None
    return version


def sealed_pdf(version: ReceiptVersion) -> bytes:
    """The stored PDF of a version, byte for byte; OSError when it is missing from disk."""
    try:
        with version.pdf.storage.open(version.pdf.name, "rb") as handle:
            return handle.read()
    except SuspiciousFileOperation as exc:
        raise OSError(str(exc)) from None


def log_deletion(meal: Meal, reason: str) -> ReceiptLogEntry | None:
    """The tombstone of an approved meal about to be deleted; None for one never approved.

    Raises ReasonRequired when the meal is approved and `reason` is blank.
    """
    if not is_sealed(meal):
        return None
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("The receipt of this meal is approved: say why it is deleted.")
    return ReceiptLogEntry.objects.create(
        owner=meal.owner,
        meal=meal,
        meal_number=meal.pk,
        action=ReceiptLogEntry.Action.DELETED,
        old=f"{meal.date:%Y-%m-%d} {meal.restaurant}".strip(),
        reason=reason,
        who=who(meal.owner),
    )


def log_erased_guests(contact) -> int:
    """Before `contact` is erased: their name taken out of the snapshots and the change log of
    every approved meal they sat at (also a deleted one), with an "erased" entry for each.

    The sealed PDFs stay as they were approved, name and all: a receipt is a record the owner
    must keep for the tax office (§ 147 AO), which the right to erasure does not override
    (Art. 17 (3) b GDPR). No new version is sealed: the receipt shows the name taken when the
    meal is next changed. Returns how many meals' logs got an entry.
    """
    owner = contact.owner
    names: dict[int, set[str]] = {}
    changed = []
    for version in ReceiptVersion.objects.owned_by(owner):
        guests = version.fields.get("participants") or []
        contacts = version.fields.get("guest_contacts") or []
        if contact.pk not in contacts:
            continue
        for index, contact_id in enumerate(contacts):
            if contact_id == contact.pk and index < len(guests):
                names.setdefault(version.meal_number, set()).add(guests[index])
                guests[index] = MealParticipant.ERASED_NAME
                contacts[index] = None
        changed.append(version)
    ReceiptVersion.objects.bulk_update(changed, ["fields"])
    for meal_number, taken in names.items():
        entries = list(log_of(owner, meal_number))
        for entry in entries:
            for name in taken:
                entry.old = entry.old.replace(name, MealParticipant.ERASED_NAME)
                entry.new = entry.new.replace(name, MealParticipant.ERASED_NAME)
        ReceiptLogEntry.objects.bulk_update(entries, ["old", "new"])
        ReceiptLogEntry.objects.create(
            owner=owner,
            meal=Meal.objects.owned_by(owner).filter(pk=meal_number).first(),
            meal_number=meal_number,
            action=ReceiptLogEntry.Action.ERASED,
            field="participants",
            new=MealParticipant.ERASED_NAME,
            reason="contact erased",
            who=who(owner),
        )
    return len(names)


def history_json(owner: Owner, meal_number: int) -> dict[str, Any]:
    """A meal's versions and change log, as the command and the API print them."""
    versions = list(versions_of(owner, meal_number))
    dates = {v.number: v.approved_at for v in versions}
    return {
        "meal_id": meal_number,
        "versions": [
            {
                "number": v.number,
                "sha256": v.sha256,
                "language": v.language,
                "approved_by": v.approved_by,
                "approved_at": v.approved_at.isoformat(),
                "replaces": v.number - 1 if v.number - 1 in dates else None,
                "size": _size(v),
            }
            for v in versions
        ],
        "log": [
            {
                "action": entry.action,
                "field": entry.field,
                "old": entry.old,
                "new": entry.new,
                "who": entry.who,
                "at": entry.at.isoformat(),
                "reason": entry.reason,
            }
            for entry in log_of(owner, meal_number)
        ],
    }


def _size(version: ReceiptVersion) -> int | None:
    try:
        return version.pdf.storage.size(version.pdf.name)
    except (OSError, SuspiciousFileOperation):
        return None
