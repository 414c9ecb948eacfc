"""How much text a column holds: a model field's max_length, the one number for forms,
importers and checks alike (so that SQLite and PostgreSQL refuse nothing the code let by)."""

from __future__ import annotations

from django.db import models


def max_length(model: type[models.Model], field_name: str) -> int:
    """The max_length of `model`'s text field `field_name`."""
    field = model._meta.get_field(field_name)
    length = getattr(field, "max_length", None)
    if not isinstance(length, int):
        raise TypeError(f"{model.__name__}.{field_name} has no max_length.")
    return length
