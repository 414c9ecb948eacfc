"""One record of a JSON export read back: each value checked for its JSON type, parsed by the
model field it restores, then validated by Django; a bill checked as an upload would be.

Every problem is a ValueError that names the record ("contact 12: email …").
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any, Literal, overload

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from tafelrunde.meals.photos import EXTENSIONS, MAX_BYTES, sniff

JSON_TYPES: tuple[tuple[type, Any, str], ...] = (
    (models.BooleanField, bool, "true or false"),
    (models.CharField, str, "text"),
    (models.TextField, str, "text"),
    (models.IntegerField, int, "a whole number"),
    (models.FloatField, int | float, "a number"),
    (models.DecimalField, str | int | float, 'an amount like "12.50"'),
    (models.DateField, str, "an ISO date"),  # DateTimeField is a DateField
    (models.TimeField, str, "an ISO time"),
    (models.JSONField, list | dict, "a list or an object"),
    (models.UUIDField, str, "a UUID"),
)


def records(record: dict, key: str, where: str, optional: bool = False) -> list[dict]:
    """record[key] as a list of objects ([] when optional and absent)."""
    items = record.get(key)
    if items is None and optional:
        return []
    if not isinstance(items, list):
        raise ValueError(f'{where} has no "{key}" list.')
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ValueError(f"{where}: {key} entry {number} is not an object.")
    return items


def texts(record: dict, key: str, where: str) -> list[str]:
    """record[key] as a list of texts ([] when absent)."""
    items = record.get(key) or []
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ValueError(f"{where}: {key} is not a list of texts.")
    return items


@overload
def identity(record: dict, key: str, where: str, required: Literal[True]) -> int: ...


@overload
def identity(record: dict, key: str, where: str, required: bool = False) -> int | None: ...


def identity(record: dict, key: str, where: str, required: bool = False) -> int | None:
    """An export id in record[key]."""
    value = record.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{where}: {key} {value!r} is not an id.")
    return value


def value(record: dict, key: str, field: models.Field, where: str) -> Any:
    """record[key] as a value for `field`, checked for its JSON type and parsed; None if absent."""
    raw = record.get(key)
    if raw is None:
        return None
    expected, what = next((t, w) for cls, t, w in JSON_TYPES if isinstance(field, cls))
    if not isinstance(raw, expected) or (isinstance(raw, bool) and expected is not bool):
        raise ValueError(f"{where}: {key} {raw!r} is not {what}.")
    try:
        parsed = field.to_python(raw)
    except ValidationError as exc:
        raise ValueError(f"{where}: {key}: {' '.join(exc.messages)}") from None
    if isinstance(parsed, dt.datetime) and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def assign(obj: models.Model, record: dict, where: str, keys: tuple[str, ...]) -> None:
    """Set the fields present in `record`; the model's defaults stand for the rest."""
    for key in keys:
        parsed = value(record, key, model_field(obj, key), where)
        if parsed is not None:
            setattr(obj, key, parsed)


def model_field(obj: models.Model, name: str) -> models.Field:
    """The field `name` of obj's model; the record keys are all the model's own fields."""
    field = obj._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{obj._meta.label}.{name} is not a field of its own.")
    return field


def checked(obj: models.Model, where: str, exclude: tuple = ()) -> Any:
    """`obj` after Django's field validation (required, lengths, choices, e-mails, decimals)."""
    relations = {f.name for f in obj._meta.fields if f.is_relation}
    try:
        obj.clean_fields(exclude=relations | set(exclude))
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValueError(f"{where}: {field}: {' '.join(messages)}") from None
    return obj


def bill_content(bill: Any, where: str) -> tuple[str, bytes]:
    """A bill_photo record's file name (its type read from its bytes) and content."""
    if not isinstance(bill, dict) or not isinstance(bill.get("data"), str):
        raise ValueError(f'{where}: bill_photo is not an object with base64 "data".')
    try:
        content = base64.b64decode(bill["data"], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{where}: bill_photo data is not base64.") from None
    if len(content) > MAX_BYTES:
        raise ValueError(f"{where}: bill_photo is larger than {MAX_BYTES // 2**20} MB.")
    content_type = sniff(content[:16])
    if content_type is None:
        raise ValueError(f"{where}: bill_photo is not a photo (JPEG, PNG, HEIC) or a PDF.")
    return "bill" + EXTENSIONS[content_type], content
