"""Settings → API tokens: make one (shown once), see them, revoke one."""

import re

import pytest

from tafelrunde.api.models import ApiToken
from tafelrunde.api.tokens import create_token, user_for_secret
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
URL = "/settings/tokens/"


def test_the_settings_page_links_to_the_tokens(owner_client):
    assert URL in owner_client.get("/settings/").content.decode()


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_new_token_is_shown_once(owner_client, owner):
    response = owner_client.post(URL, {"name": "laptop script", "password": PASSWORD})
    assert response.status_code == 200
    secret = re.search(r"tfr_[A-Za-z0-9_-]+", response.content.decode()).group()
    assert user_for_secret(secret) == owner
    assert "no-store" in response["Cache-Control"]
    again = owner_client.get(URL).content.decode()
    assert "laptop script" in again and secret not in again
    assert ApiToken.objects.get().prefix in again


def test_a_token_needs_a_name(owner_client):
    response = owner_client.post(URL, {"name": "", "password": PASSWORD})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_a_token_needs_the_password_again(owner_client):
    """Someone holding a borrowed session cannot make a token that outlives it."""
    response = owner_client.post(URL, {"name": "laptop script", "password": "a guess"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_page_lists_only_the_owners_tokens(owner_client, owner, outsider):
    create_token(owner, "mine")
    create_token(outsider, "theirs")
    page = owner_client.get(URL).content.decode()
    assert "mine" in page and "theirs" not in page


def test_revoking_stops_the_token(owner_client, owner):
    new = create_token(owner, "old")
    response = owner_client.post(f"{URL}{new.token.pk}/revoke/")
    assert response.status_code == 302
    assert user_for_secret(new.secret) is None
    assert "revoked" in owner_client.get(URL).content.decode()


def test_revoking_needs_a_post(owner_client, owner):
    new = create_token(owner)
    assert owner_client.get(f"{URL}{new.token.pk}/revoke/").status_code == 405
    assert user_for_secret(new.secret) == owner


def test_outsider_cannot_revoke_the_owners_token(outsider_client, owner):
    new = create_token(owner)
    assert outsider_client.post(f"{URL}{new.token.pk}/revoke/").status_code == 404
    assert user_for_secret(new.secret) == owner
