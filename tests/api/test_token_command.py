"""`tafelrunde token create|list|revoke`, run in-process as the program runs it."""

import json

import pytest

from tafelrunde.api.models import ApiToken
from tafelrunde.api.tokens import create_token, hash_secret, user_for_secret

pytestmark = pytest.mark.django_db


def test_create_shows_the_token_once_and_stores_its_hash(run_command, owner):
    status, out, _err = run_command("token", "create", "--name", "laptop script")
    assert status == 0
    secret = next(line for line in out.splitlines() if line.startswith("tfr_"))
    token = ApiToken.objects.get()
    assert (token.name, token.hashed) == ("laptop script", hash_secret(secret))
    assert user_for_secret(secret) == owner


def test_create_json_has_the_documented_fields(run_command, owner):
    status, out, _err = run_command("token", "create", "--name", "cron", "--json")
    data = json.loads(out)
    assert status == 0
    assert {"id", "name", "token", "prefix", "created"} <= set(data)
    assert data["name"] == "cron"
    assert data["token"].startswith(data["prefix"])
    assert user_for_secret(data["token"]) == owner


def test_list_shows_names_and_prefixes_never_secrets(run_command, owner):
    new = create_token(owner, "phone shortcut")
    status, out, _err = run_command("token", "list")
    assert status == 0
    assert "phone shortcut" in out and new.token.prefix in out
    assert new.secret not in out
    status, out, _err = run_command("token", "list", "--json")
    [row] = json.loads(out)["tokens"]
    assert row["id"] == new.token.pk and row["revoked"] is None and "token" not in row


def test_list_without_tokens_says_how_to_make_one(run_command, owner):
    assert "token create" in run_command("token", "list")[1]


def test_revoke_stops_the_token(run_command, owner):
    new = create_token(owner, "old")
    status, out, _err = run_command("token", "revoke", str(new.token.pk))
    assert status == 0 and "Revoked" in out
    assert user_for_secret(new.secret) is None


def test_another_accounts_token_cannot_be_revoked(run_command, owner, outsider):
    theirs = create_token(outsider)
    status, _out, err = run_command("token", "revoke", str(theirs.token.pk), "--user", "owner")
    assert (status, err.strip()) == (1, f"Error: You have no token #{theirs.token.pk}.")
    assert user_for_secret(theirs.secret) == outsider


@pytest.mark.parametrize("bad_id", ["abc", "99999999999999999999999", "-1"])
def test_revoke_with_a_bad_id_is_one_line(run_command, owner, bad_id):
    status, _out, err = run_command("token", "revoke", bad_id)
    assert status == 1
    assert err.startswith("Error: ") and len(err.strip().splitlines()) == 1


def test_with_several_accounts_user_chooses(run_command, owner, outsider):
    status, _out, err = run_command("token", "create")
    assert status == 1 and "--user" in err
    status, _out, _err = run_command("token", "create", "--user", "outsider")
    assert status == 0
    assert ApiToken.objects.get().owner == outsider
