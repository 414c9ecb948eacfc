"""Meta-test: every API operation that takes an object's id answers an outsider's token with
404, exactly as if the object did not exist, and changes nothing.

The operations come from the served OpenAPI schema, not from a list kept by hand: a new
operation with a path parameter fails here until OWNED_ROW says how to make the owner's row
for that parameter (and VALID_BODY gives it a valid body, if it takes one).

A team's operations are also tried by each persona of a team (issue 17): a member and an
admin get what their role allows (TEAM_ANSWERS, which every team operation must be in); a
member of another team, a former member (with a token made while still a member) and an
outsider get the 404 of a team that does not exist.
"""

from __future__ import annotations

import re

import pytest

from tafelrunde.api.main import api as ninja_api
from tafelrunde.teams.membership import add_member, create_team, membership_of
from tests.factories import ContactFactory, MealParticipantFactory, TripFactory, UserFactory

pytestmark = pytest.mark.django_db

# Path parameter -> how to make one of the owner's rows it can name (given the rows made for
# the parameters before it in the path: a member's id needs the team).
OWNED_ROW = {
    "contact_id": lambda owner, rows: ContactFactory(owner=owner),
    "trip_id": lambda owner, rows: TripFactory(owner=owner),
    "meal_id": lambda owner, rows: MealParticipantFactory(meal__owner=owner).meal,
    "team_id": lambda owner, rows: create_team(owner, "Vertrieb").team,
    "user_id": lambda owner, rows: (
        add_member(membership_of(owner, rows["team_id"].pk), UserFactory()).user
    ),
}
# (method, path) -> a body valid for the operation, so that only ownership decides the answer;
# a function of the account that sends it when it names that account's rows.
VALID_BODY = {
    ("patch", "/api/v1/contacts/{contact_id}"): {"organisation": "Outsider GmbH"},
    ("post", "/api/v1/contacts/{contact_id}/notes"): {"text": "Written by someone else."},
    ("post", "/api/v1/teams/{team_id}/members"): lambda sender: {
        "username": UserFactory().username
    },
    ("patch", "/api/v1/teams/{team_id}/members/{user_id}"): {"role": "admin"},
    ("post", "/api/v1/teams/{team_id}/invitations"): {"email": "neu@firma.example"},
    ("put", "/api/v1/teams/{team_id}/sharing"): {"share_all": True, "phones": True},
    ("post", "/api/v1/teams/{team_id}/shared-contacts"): lambda sender: {
        "contact_ids": [ContactFactory(owner=sender).pk]
    },
}
ABSENT = 10**9  # added to an id: a row that does not exist


def operations_with_path_parameters() -> list[tuple[str, str, dict]]:
    schema = ninja_api.get_openapi_schema()
    return [
        (method, path, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if any(p["in"] == "path" for p in operation.get("parameters", []))
    ]


OPERATIONS = operations_with_path_parameters()


def test_the_schema_has_operations_on_objects():
    assert len(OPERATIONS) >= 7, "the schema walk found too few operations: is it broken?"


def test_the_registries_name_only_real_operations_and_parameters():
    parameters = {
        p["name"]
        for _m, _p, operation in OPERATIONS
        for p in operation["parameters"]
        if p["in"] == "path"
    }
    assert set(OWNED_ROW) <= parameters
    assert set(VALID_BODY) <= {(method, path) for method, path, _op in OPERATIONS}


@pytest.mark.parametrize(
    "method, path, operation",
    OPERATIONS,
    ids=[f"{method.upper()} {path}" for method, path, _op in OPERATIONS],
)
def test_an_outsider_gets_404_for_the_owners_object(
    method, path, operation, owner, outsider, api, outsider_api
):
    names = [p["name"] for p in operation["parameters"] if p["in"] == "path"]
    unknown = [name for name in names if name not in OWNED_ROW]
    assert not unknown, (
        f"{method.upper()} {path}: add to OWNED_ROW how to make the owner's row for {unknown}"
    )
    needs_body = "requestBody" in operation
    assert not needs_body or (method, path) in VALID_BODY, (
        f"{method.upper()} {path} takes a body: add a valid one to VALID_BODY"
    )
    rows: dict = {}
    for name in names:
        rows[name] = OWNED_ROW[name](owner, rows)
    ids = {name: row.pk for name, row in rows.items()}
    body = body_for(method, path, outsider)

    refused = call(outsider_api, method, path, ids, body)
    assert refused.status_code == 404, refused.content
    absent = call(outsider_api, method, path, {n: pk + ABSENT for n, pk in ids.items()}, body)
    assert absent.status_code == 404
    assert refused.json() == without_ids(absent.json(), ids), "a foreign row must look absent"
    for row in rows.values():  # as the factory made it
        assert model_state(type(row).objects.get(pk=row.pk)) == model_state(row), "changed"

    # The same request with the owner's token reaches the row: the 404 was about ownership.
    assert call(api, method, path, ids, body_for(method, path, owner)).status_code < 300


def body_for(method: str, path: str, sender):
    body = VALID_BODY.get((method, path))
    return body(sender) if callable(body) else body


def call(client, method: str, path: str, ids: dict, body):
    url = path.format(**ids).removeprefix("/api/v1")
    return client.request(method, url, body)


def without_ids(answer: dict, ids: dict) -> dict:
    """The answer for absent ids, with the real ids put back in."""
    text = answer["detail"]
    for pk in ids.values():
        text = re.sub(rf"\b{pk + ABSENT}\b", str(pk), text)
    return {**answer, "detail": text}


def model_state(row) -> dict:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}
