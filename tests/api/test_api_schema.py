"""Schemathesis against the API in-process: no input is a server error, every answer is
the one the schema promises, and every refusal says what is wrong.

It runs all of schemathesis' default checks on every operation, with a valid token and a
small network (contacts, a trip including today, a meal) whose rows half of the generated
ids are turned into. One check is widened, and one added in its place: see CONFIG.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import get_args

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from pydantic_core.core_schema import ErrorType
from schemathesis.config import SchemathesisConfig
from schemathesis.config._checks import POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES
from schemathesis.transport.serialization import serialize_binary

from tafelrunde.api.fields import MAX_ID
from tests.factories import ContactFactory, MealParticipantFactory, PlaceFactory, TripFactory

SCHEMA_URL = "/api/v1/openapi.json"
# Enough to find what a change breaks in a CI run on two databases; more for a deeper search.
MAX_EXAMPLES = int(os.environ.get("TAFELRUNDE_SCHEMA_EXAMPLES", "30"))
PYDANTIC_ERRORS = set(get_args(ErrorType))


# Data valid by the schema may still break a rule no schema can say (an unknown place, a
# trip that ends before it starts, another account's contact as a guest): that is a 422,
# checked below to be such a rule and not a disagreement between schema and validation.
CONFIG = {
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": [*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, "422"]
        }
    }
}


def load_schema():
    """The schema as the running app serves it (loaded while collecting: no database)."""
    from tafelrunde.wsgi import application

    config = SchemathesisConfig.from_dict(CONFIG)
    return schemathesis.openapi.from_wsgi(SCHEMA_URL, application, config=config)


schema = load_schema()


@schema.hook
def filter_query(ctx, query) -> bool:
    """Leave out queries that lose a parameter on the way: one whose value is null or an
    empty list is not sent at all, so the server cannot refuse it."""
    return query is None or all(value is not None and value != [] for value in query.values())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: the WSGI handler must not close the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Parameter -> the ids of the owner's rows, for the hooks below (set by the `network` fixture).
OWNED: dict[str, list[int]] = {}


@pytest.fixture
def network(owner):
    """Contacts near Dresden, a trip there including today, a meal; their ids in OWNED."""
    dresden = PlaceFactory(city="Dresden")
    contacts = []
    for _ in range(3):
        contact = ContactFactory(owner=owner)
        contact.set_location(dresden, "address", 0.9)
        contact.save()
        contacts.append(contact)
    trip = TripFactory(owner=owner, place=dresden, start=dt.date.today())
    meal = MealParticipantFactory(meal__owner=owner, contact=contacts[0]).meal
    OWNED.update(
        contact_id=[contact.pk for contact in contacts], trip_id=[trip.pk], meal_id=[meal.pk]
    )
    yield
    OWNED.clear()


def owned(name: str, value):
    """Half of the valid ids drawn become the owner's real rows, so that changes, calls and
    meals go through the forms with real contacts, not only to a 404. Both are valid ids, so
    valid data stays valid and invalid data stays invalid."""
    ids = OWNED.get(name)
    if ids and type(value) is int and 1 <= value <= MAX_ID and value % 2 == 0:
        return ids[value // 2 % len(ids)]
    return value


@schema.hook
def map_path_parameters(ctx, path_parameters):
    if not isinstance(path_parameters, dict):
        return path_parameters
    return {name: owned(name, value) for name, value in path_parameters.items()}


@schema.hook
def map_body(ctx, body):
    if not isinstance(body, dict):
        return body
    body = dict(body)
    if "file" in body and not serialize_binary(body["file"]):
        # Werkzeug writes an empty file part without the line break before the closing
        # boundary, which Django's parser cannot read: the part would be lost on the way.
        body["file"] = b"\0"
    if "contact_id" in body:
        body["contact_id"] = owned("contact_id", body["contact_id"])
    if isinstance(body.get("participants"), list):
        body["participants"] = [owned("contact_id", pk) for pk in body["participants"]]
    return body


def refusals_of_valid_data_are_domain_rules(ctx, response, case):
    """Data valid by the schema may still break a rule the schema cannot say (an unknown
    place, a trip ending before it starts): then 422 names the field and the rule. But a
    schema-level complaint about such data means the schema and the validation disagree."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code != 422:
        return None
    errors = response.json()["detail"]
    schema_level = [e for e in errors if e["type"] in PYDANTIC_ERRORS]
    assert not schema_level, f"valid data refused by the schema's own rules: {schema_level}"
    assert all(e["loc"] and e["msg"] for e in errors), errors
    return None


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_api_keeps_its_schema(case, owner_token, network):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {owner_token}"},
        additional_checks=[refusals_of_valid_data_are_domain_rules],
    )
