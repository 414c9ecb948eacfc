"""The documents behind the bookings, as one ZIP for the accountant.

For each business meal the owner paid in the range: its approved receipt as sealed (the
latest version) and the photo of the restaurant's bill, named by the booking's document
number ("TR42-receipt.pdf", "TR42-bill.jpg"). Nothing else goes in. Files are streamed into
the archive piece by piece, so a year of photos never sits in memory.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import PurePath
from typing import BinaryIO

from django.core.files import File

from tafelrunde.meals.datev_export import booked_meals, document_number
from tafelrunde.meals.models import ReceiptVersion
from tafelrunde.owned import Owner

CHUNK = 1024 * 1024


def documents(owner: Owner, start: dt.date, end: dt.date) -> list[tuple[str, File]]:
    """(name in the ZIP, stored file) of every document of the range, oldest meal first."""
    meals = list(booked_meals(owner, start, end))
    latest = latest_receipts(owner, [meal.pk for meal in meals])
    found: list[tuple[str, File]] = []
    for meal in meals:
        number = document_number(meal)
        version = latest.get(meal.pk)
        if version is not None and version.pdf:
            found.append((f"{number}-receipt.pdf", version.pdf))
        if meal.bill_photo:
            extension = PurePath(meal.bill_photo.name).suffix.lower()
            found.append((f"{number}-bill{extension}", meal.bill_photo))
    return found


def latest_receipts(owner: Owner, meal_ids: list[int]) -> dict[int, ReceiptVersion]:
    """Each meal's highest-numbered approved receipt, by meal id."""
    latest: dict[int, ReceiptVersion] = {}
    versions = ReceiptVersion.objects.owned_by(owner).filter(meal_id__in=meal_ids)
    for version in versions.order_by("meal_id", "number"):
        latest[version.meal_id] = version  # the last one seen is the highest number
    return latest


def write_documents_zip(owner: Owner, start: dt.date, end: dt.date, target: BinaryIO) -> int:
    """Write the ZIP of the range's documents to `target`; the number of files in it."""
    found = documents(owner, start, end)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, stored in found:
            with stored.open("rb") as source, archive.open(name, "w", force_zip64=True) as out:
                while chunk := source.read(CHUNK):
                    out.write(chunk)
    return len(found)
