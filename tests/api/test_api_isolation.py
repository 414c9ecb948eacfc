"""Meta-test: every API operation that takes an object's id answers an outsider's token with
404, exactly as if the object did not exist, and changes nothing.

The operations come from the served OpenAPI schema, not from a list kept by hand: a new
operation with a path parameter fails here until OWNED_ROW says how to make the owner's row
for that parameter (and VALID_BODY gives it a valid body, if it takes one).

A team's operations are also tried by each persona of a team (issue 17): a member and an
admin get what their role allows (TEAM_ANSWERS, which every team operation must be in); a
member of another team, a former member (with a token made while still a member) and an
outsider get the 404 of a team that does not exist. The few team operations that name no team
in their path say why they need none (TEAM_OPERATIONS_WITHOUT_A_TEAM_ID); joining by an
invitation is tried by each persona too, with a link that is used and one that never was.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tafelrunde.api.main import api as ninja_api
from tafelrunde.api.tokens import create_token
from tafelrunde.meals import sealing
from tafelrunde.teams.membership import (
    add_member,
    create_team,
    invite,
    join,
    membership_of,
    remove_member,
)
from tafelrunde.teams.models import Membership, SharedContact, Team, TeamInvitation
from tests.api.conftest import ApiClient
from tests.factories import ContactFactory, MealParticipantFactory, TripFactory, UserFactory
from tests.meals.test_meal_pages import TINY_PNG

pytestmark = pytest.mark.django_db

# Path parameter -> how to make one of the owner's rows it can name (given the rows made for
# the parameters before it in the path: a member's id needs the team).
OWNED_ROW = {
    "contact_id": lambda owner, rows: ContactFactory(owner=owner),
    "trip_id": lambda owner, rows: TripFactory(owner=owner),
    "meal_id": lambda owner, rows: MealParticipantFactory(meal__owner=owner).meal,
    "version_id": lambda owner, rows: sealing.approve(
        MealParticipantFactory(meal__owner=owner).meal, owner
    ),
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


class Multipart(dict):
    """A body sent as multipart form data (a file upload), not as JSON: {part: (name, bytes)}."""


# Operations whose body is multipart form data, with a valid one.
VALID_BODY[("post", "/api/v1/meals/{meal_id}/bill")] = Multipart(file=("bill.png", TINY_PNG))


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
    method, path, operation, owner, outsider, api, outsider_api, private_uploads
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
    if isinstance(body, Multipart):  # a fresh file for each request
        files = {part: SimpleUploadedFile(name, data) for part, (name, data) in body.items()}
        return client.client.post(f"/api/v1{url}", data=files, headers=client._headers())
    return client.request(method, url, body)


def without_ids(answer: dict, ids: dict) -> dict:
    """The answer for absent ids, with the real ids put back in."""
    text = answer["detail"]
    for pk in ids.values():
        text = re.sub(rf"\b{pk + ABSENT}\b", str(pk), text)
    return {**answer, "detail": text}


def model_state(row) -> dict:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


# A team's operations, by persona ---------------------------------------------------------

TEAM_OPERATIONS = [
    (method, path, operation)
    for method, path, operation in OPERATIONS
    if path.startswith("/api/v1/teams/{team_id}")
]
# (method, path) -> (a member's answer, an admin's answer) in the team of the operation.
TEAM_ANSWERS = {
    ("get", "/api/v1/teams/{team_id}"): (200, 200),
    ("delete", "/api/v1/teams/{team_id}"): (403, 403),
    ("post", "/api/v1/teams/{team_id}/members"): (403, 201),
    ("patch", "/api/v1/teams/{team_id}/members/{user_id}"): (403, 403),
    ("delete", "/api/v1/teams/{team_id}/members/{user_id}"): (403, 204),
    ("delete", "/api/v1/teams/{team_id}/membership"): (204, 204),
    ("post", "/api/v1/teams/{team_id}/invitations"): (403, 201),
    ("get", "/api/v1/teams/{team_id}/sharing"): (200, 200),
    ("put", "/api/v1/teams/{team_id}/sharing"): (200, 200),
    ("post", "/api/v1/teams/{team_id}/shared-contacts"): (200, 200),
    ("delete", "/api/v1/teams/{team_id}/shared-contacts/{contact_id}"): (204, 204),
    ("get", "/api/v1/teams/{team_id}/contacts"): (200, 200),
}
# Team operations without a team's id in their path, and why nobody reaches a team through
# them that they are not in.
TEAM_OPERATIONS_WITHOUT_A_TEAM_ID = {
    ("get", "/api/v1/teams"): "the caller's own memberships, read from the database",
    ("post", "/api/v1/teams"): "a new team, its only member the caller",
    ("post", "/api/v1/teams/join"): "the team of the invitation whose secret token is in the "
    "body, once; unknown, used and expired ones answer alike (below, and "
    "tests/api/test_team_join_api.py)",
}
PERSONAS = ("member", "admin", "other team", "former member", "outsider")


def test_every_team_operation_has_its_answers_by_role():
    assert {(m, p) for m, p, _op in TEAM_OPERATIONS} == set(TEAM_ANSWERS)


def test_every_team_operation_is_tried_by_role_or_says_why_it_names_no_team():
    paths = ninja_api.get_openapi_schema()["paths"]
    every = {
        (method, path)
        for path, operations in paths.items()
        if path == "/api/v1/teams" or path.startswith("/api/v1/teams/")
        for method in operations
    }
    assert every == set(TEAM_ANSWERS) | set(TEAM_OPERATIONS_WITHOUT_A_TEAM_ID)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "method, path, operation",
    TEAM_OPERATIONS,
    ids=[f"{method.upper()} {path}" for method, path, _op in TEAM_OPERATIONS],
)
def test_a_team_operation_answers_each_persona_as_its_role_allows(
    method, path, operation, persona, owner
):
    owning = create_team(owner, "Vertrieb")
    team = owning.team
    target = add_member(owning, UserFactory(username="target")).user
    sender = UserFactory(username=persona.replace(" ", "-"))
    token = create_token(sender, "made before").secret  # made before any change below
    if persona in {"member", "admin", "former member"}:
        add_member(owning, sender, "admin" if persona == "admin" else "member")
    if persona == "former member":
        remove_member(owning, membership_of(sender, team.pk))
    if persona == "other team":
        create_team(sender, "Einkauf")
    client = ApiClient(Client(), token)
    ids = {"team_id": team.pk, "user_id": target.pk}
    ids["contact_id"] = ContactFactory(owner=sender).pk
    names = [p["name"] for p in operation["parameters"] if p["in"] == "path"]
    ids = {name: ids[name] for name in names}
    before = team_state(team.pk)
    body = body_for(method, path, sender)

    answer = call(client, method, path, ids, body)

    if persona in {"member", "admin"}:
        expected = TEAM_ANSWERS[(method, path)][persona == "admin"]
        assert answer.status_code == expected, answer.content
        if expected == 403:
            assert answer.json()["detail"], "a refusal says which rule"
            assert team_state(team.pk) == before
        return
    assert answer.status_code == 404, answer.content
    absent = {**ids, "team_id": team.pk + ABSENT}
    assert answer.json() == without_ids(call(client, method, path, absent, body).json(), ids)
    assert team_state(team.pk) == before, "a non-member changed the team"


@pytest.mark.parametrize("persona", PERSONAS)
def test_joining_by_a_used_or_unknown_link_tells_no_persona_about_the_team(persona, owner):
    """Whoever is not in the team hears the same of a used link and of one never made; a
    member hears that they are in it already. Nobody joins, and the team stays as it was."""
    owning = create_team(owner, "Vertrieb")
    used = invite(owning)
    join(used[0], UserFactory(username="first"))
    sender = UserFactory(username=persona.replace(" ", "-"))
    token = create_token(sender, "made before").secret
    if persona in {"member", "admin", "former member"}:
        add_member(owning, sender, "admin" if persona == "admin" else "member")
    if persona == "former member":
        remove_member(owning, membership_of(sender, owning.team_id))
    if persona == "other team":
        create_team(sender, "Einkauf")
    client = ApiClient(Client(), token)
    before = team_state(owning.team_id)

    answer = client.post("/teams/join", {"token": used[1]})
    never = client.post("/teams/join", {"token": "N" * 24})

    assert team_state(owning.team_id) == before
    if persona in {"member", "admin"}:
        assert answer.status_code == 422
        assert answer.json()["detail"][0]["msg"] == "You are already in Vertrieb."
        return
    assert answer.status_code == never.status_code == 404
    assert answer.json() == never.json()


def team_state(team_id: int) -> dict:
    """Everything about a team that an operation could change."""
    return {
        "team": list(Team.objects.filter(pk=team_id).values()),
        "members": list(Membership.objects.filter(team_id=team_id).order_by("pk").values()),
        "shared": list(
            SharedContact.objects.filter(membership__team_id=team_id).order_by("pk").values()
        ),
        "invitations": list(
            TeamInvitation.objects.filter(team_id=team_id).values("pk", "used_at", "used_by")
        ),
    }
