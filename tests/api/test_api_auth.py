"""Who may call the API: a valid bearer token, and nothing else."""

import pytest

from tafelrunde.api.tokens import create_token, revoke_token
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_a_valid_token_answers(api, owner):
    ContactFactory(owner=owner, given_name="Jörg", family_name="Müller")
    response = api.get("/contacts")
    assert response.status_code == 200
    assert [c["full_name"] for c in response.json()["items"]] == ["Jörg Müller"]


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer ", "Bearer tfr_wrong", "Token abc", "Basic dXNlcjpwYXNz", "tfr_x"],
)
def test_without_a_valid_token_the_answer_is_401(client, owner, header):
    headers = {"Authorization": header} if header is not None else {}
    response = client.get("/api/v1/contacts", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_revoked_token_is_refused(client, owner):
    new = create_token(owner)
    revoke_token(new.token)
    response = client.get("/api/v1/contacts", headers={"Authorization": f"Bearer {new.secret}"})
    assert response.status_code == 401


def test_the_login_session_is_not_enough(owner_client):
    """Only tokens: a page on another site cannot use a logged-in browser's session."""
    assert owner_client.get("/api/v1/contacts").status_code == 401
    assert (
        owner_client.post("/api/v1/contacts", {}, content_type="application/json").status_code
        == 401
    )


def test_writes_need_no_csrf_token_with_a_bearer_token(api):
    api.client.handler.enforce_csrf_checks = True
    response = api.post("/contacts", {"full_name": "Jörg Müller"})
    assert response.status_code == 201


def test_the_unauthenticated_answer_comes_before_validation(anonymous_api):
    assert anonymous_api.get("/contacts/not-a-number").status_code == 401
