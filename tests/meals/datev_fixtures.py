"""Meals with sealed receipts and bill photos, for the DATEV export's ZIP, command and page."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from tafelrunde.meals.models import AccountingSettings, Meal, ReceiptVersion
from tests.factories import MealFactory

TINY_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40 + b"\xff\xd9"


def pdf_bytes(text: str) -> bytes:
    return f"%PDF-1.4\n% {text}\n%%EOF\n".encode()


def seal(meal: Meal, number: int, text: str) -> ReceiptVersion:
    """An approved receipt version of `meal`, as the sealing stores it."""
    content = pdf_bytes(text)
    version = ReceiptVersion(
        owner=meal.owner,
        meal=meal,
        meal_number=meal.pk,
        number=number,
        sha256=hashlib.sha256(content).hexdigest(),
        language="de",
        approved_by="Hans Gastgeber",
        approved_at=timezone.now(),
    )
    version.pdf.save("receipt.pdf", ContentFile(content), save=True)
    return version


def business_meal(owner, day: int, **fields) -> Meal:
    fields.setdefault("amount", Decimal("40.00"))
    fields.setdefault("date", dt.date(2027, 3, day))
    return MealFactory(owner=owner, **fields)


def with_bill(meal: Meal, name: str, content: bytes) -> Meal:
    meal.bill_photo.save(name, ContentFile(content), save=True)
    return meal


def accounting(owner, **fields) -> AccountingSettings:
    values = {"adviser_number": 29098, "client_number": 55003} | fields
    return AccountingSettings.objects.create(owner=owner, **values)
