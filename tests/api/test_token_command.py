"""`tafelrunde token create|list|revoke`, run in-process as the program runs it."""

import json

import pytest
from django.core.management import load_command_class
from django.db import connections

from tafelrunde.api.models import ApiToken
from tafelrunde.api.tokens import create_token, hash_secret, user_for_secret

pytestmark = pytest.mark.django_db


def run(capsys, monkeypatch, *argv: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of `tafelrunde token …`."""
    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's database
    command = load_command_class("tafelrunde.cli", "token")
    try:
        command.run_from_argv(["tafelrunde", "token", *argv, "--skip-checks"])
        status = 0
    except SystemExit as exc:
        status = exc.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_create_shows_the_token_once_and_stores_its_hash(capsys, monkeypatch, owner):
    status, out, _err = run(capsys, monkeypatch, "create", "--name", "laptop script")
    assert status == 0
    secret = next(line for line in out.splitlines() if line.startswith("tfr_"))
    token = ApiToken.objects.get()
    assert (token.name, token.hashed) == ("laptop script", hash_secret(secret))
    assert user_for_secret(secret) == owner


def test_create_json_has_the_documented_fields(capsys, monkeypatch, owner):
    status, out, _err = run(capsys, monkeypatch, "create", "--name", "cron", "--json")
    data = json.loads(out)
    assert status == 0
    assert {"id", "name", "token", "prefix", "created"} <= set(data)
    assert data["name"] == "cron"
    assert data["token"].startswith(data["prefix"])
    assert user_for_secret(data["token"]) == owner


def test_list_shows_names_and_prefixes_never_secrets(capsys, monkeypatch, owner):
    new = create_token(owner, "phone shortcut")
    status, out, _err = run(capsys, monkeypatch, "list")
    assert status == 0
    assert "phone shortcut" in out and new.token.prefix in out
    assert new.secret not in out
    status, out, _err = run(capsys, monkeypatch, "list", "--json")
    [row] = json.loads(out)["tokens"]
    assert row["id"] == new.token.pk and row["revoked"] is None and "token" not in row


def test_list_without_tokens_says_how_to_make_one(capsys, monkeypatch, owner):
    assert "token create" in run(capsys, monkeypatch, "list")[1]


def test_revoke_stops_the_token(capsys, monkeypatch, owner):
    new = create_token(owner, "old")
    status, out, _err = run(capsys, monkeypatch, "revoke", str(new.token.pk))
    assert status == 0 and "Revoked" in out
    assert user_for_secret(new.secret) is None


def test_another_accounts_token_cannot_be_revoked(capsys, monkeypatch, owner, outsider):
    theirs = create_token(outsider)
    status, _out, err = run(capsys, monkeypatch, "revoke", str(theirs.token.pk), "--user", "owner")
    assert (status, err.strip()) == (1, f"Error: You have no token #{theirs.token.pk}.")
    assert user_for_secret(theirs.secret) == outsider


@pytest.mark.parametrize("bad_id", ["abc", "99999999999999999999999", "-1"])
def test_revoke_with_a_bad_id_is_one_line(capsys, monkeypatch, owner, bad_id):
    status, _out, err = run(capsys, monkeypatch, "revoke", bad_id)
    assert status == 1
    assert err.startswith("Error: ") and len(err.strip().splitlines()) == 1


def test_with_several_accounts_user_chooses(capsys, monkeypatch, owner, outsider):
    status, _out, err = run(capsys, monkeypatch, "create")
    assert status == 1 and "--user" in err
    status, _out, _err = run(capsys, monkeypatch, "create", "--user", "outsider")
    assert status == 0
    assert ApiToken.objects.get().owner == outsider
