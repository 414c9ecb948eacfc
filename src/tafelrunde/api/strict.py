"""Rules every operation keeps: its answers are in English, whatever the client's language
(the JSON is a contract, as the commands' --json output is), and it takes only the query
parameters it declares: "?limt=5" is a 422 that says so, not a silently ignored typo."""

from __future__ import annotations

import functools
import inspect

from django.utils import translation
from ninja.errors import ValidationError
from ninja.params.models import Query


def only_declared_query_parameters(view_func):
    """Wrap an operation (after authentication) to refuse query parameters it does not take."""
    declared = sorted(
        name
        for name, parameter in inspect.signature(view_func).parameters.items()
        if isinstance(parameter.default, Query)
    )

    @functools.wraps(view_func)
    def checked(request, **values):
        unknown = sorted(set(request.GET) - set(declared))
        if unknown:
            takes = ", ".join(declared) or "none"
            raise ValidationError(
                [
                    {
                        "loc": ["query", name],
                        "msg": f"Unknown query parameter (this operation takes: {takes}).",
                        "type": "unknown_parameter",
                    }
                    for name in unknown
                ]
            )
        return view_func(request, **values)

    return checked


def in_english(run):
    """Wrap an operation's whole run (authentication, validation, answer) in English."""

    @functools.wraps(run)
    def english(request, *args, **kwargs):
        with translation.override("en"):
            return run(request, *args, **kwargs)

    return english
