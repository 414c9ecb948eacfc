"""How the API says no: one JSON shape per kind of refusal, and the statuses each may take.

400 (an unreadable request), 401 and 404 answer {"detail": "…"}; 422 answers
{"detail": [{"loc", "msg", "type"}, …]}, for pydantic's checks and ours alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from ninja import Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict, Field


class Message(Schema):
    detail: str = Field(description="What went wrong, in one sentence.")


class FieldError(Schema):
    model_config = ConfigDict(extra="allow")

    loc: list[str | int] = Field(
        description='Where: the part of the request, then the field, e.g. ["body", "place"].'
    )
    msg: str = Field(description="What is wrong with it.")
    type: str = Field(description="A short code for the kind of problem.")


class Invalid(Schema):
    detail: list[FieldError]


# Every operation can meet these: a request Django cannot read (a body that is not JSON or
# too large, too many fields), no valid token, input that breaks a rule.
REFUSALS = {400: Message, 401: Message, 422: Invalid}
NOT_FOUND = {404: Message}


def invalid(loc: tuple[str | int, ...], message: str, code: str) -> ValidationError:
    """A 422 for one field, in the same shape as pydantic's."""
    return ValidationError([{"loc": list(loc), "msg": str(message), "type": code}])


def form_invalid(form: forms.BaseForm, names: Mapping[str, str | tuple] | None = None) -> Exception:
    """A 422 listing every error of a Django form, each at the API's name for its field.

    `names` maps form fields to API fields ("street" -> ("address", "street")); errors of the
    form as a whole are at the body.
    """
    names = names or {}
    errors: list[dict[str, Any]] = []
    for field, problems in form.errors.get_json_data().items():
        if field == NON_FIELD_ERRORS:
            loc: tuple = ("body",)
        else:
            where = names.get(field, field)
            loc = ("body", *(where if isinstance(where, tuple) else (where,)))
        errors += [
            {"loc": list(loc), "msg": problem["message"], "type": problem["code"] or "invalid"}
            for problem in problems
        ]
    return ValidationError(errors)
