"""Personal API tokens: made once, stored only as a hash, revoked for good."""

import datetime as dt
import hashlib

import pytest
import time_machine

from tafelrunde.api.models import ApiToken
from tafelrunde.api.tokens import create_token, revoke_token, user_for_secret

pytestmark = pytest.mark.django_db


def test_a_new_token_is_stored_only_as_its_sha256(owner):
    new = create_token(owner, "laptop script")
    row = ApiToken.objects.get()
    assert new.secret.startswith("tfr_") and len(new.secret) >= 40
    assert row.hashed == hashlib.sha256(new.secret.encode()).hexdigest()
    assert new.secret not in {row.name, row.prefix, row.hashed}
    assert row.prefix == new.secret[:12]
    assert (row.owner, row.name, row.revoked_at, row.last_used_at) == (
        owner,
        "laptop script",
        None,
        None,
    )


def test_every_token_is_different(owner):
    assert create_token(owner).secret != create_token(owner).secret


def test_a_token_without_a_name_gets_one(owner):
    assert create_token(owner, "  ").token.name == "API token"


def test_the_secret_finds_its_owner_and_marks_the_token_used(owner):
    new = create_token(owner)
    assert user_for_secret(new.secret) == owner
    new.token.refresh_from_db()
    assert new.token.last_used_at is not None


def test_last_used_is_written_at_most_once_a_minute(owner):
    new = create_token(owner)
    start = dt.datetime(2025, 3, 14, 18, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        user_for_secret(new.secret)
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        user_for_secret(new.secret)
    new.token.refresh_from_db()
    assert new.token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
        user_for_secret(new.secret)
    new.token.refresh_from_db()
    assert new.token.last_used_at == start + dt.timedelta(minutes=2)


@pytest.mark.parametrize(
    "secret", ["", "tfr_", "tfr_unknown", "not-ours", "tfr_" + "x" * 500, "tfr_\x00\udcff"]
)
def test_unknown_secrets_find_nobody(owner, secret):
    create_token(owner)
    assert user_for_secret(secret) is None


def test_a_revoked_token_finds_nobody(owner):
    new = create_token(owner)
    revoke_token(new.token)
    assert user_for_secret(new.secret) is None


def test_revoking_twice_keeps_the_first_time(owner):
    token = create_token(owner).token
    first = revoke_token(token).revoked_at
    assert revoke_token(token).revoked_at == first


def test_a_deactivated_accounts_token_finds_nobody(owner):
    new = create_token(owner)
    owner.is_active = False
    owner.save()
    assert user_for_secret(new.secret) is None


def test_deleting_the_account_deletes_its_tokens(owner, outsider):
    create_token(owner)
    create_token(outsider)
    owner.delete()
    assert list(ApiToken.objects.values_list("owner__username", flat=True)) == ["outsider"]


def test_a_new_password_revokes_every_token(owner):

    phone, laptop = create_token(owner, "phone"), create_token(owner, "laptop")
    owner.set_password("a brand new password 2026")
    owner.save()
    assert user_for_secret(phone.secret) is None
    assert user_for_secret(laptop.secret) is None


def test_changing_the_password_on_the_page_revokes_the_tokens(owner_client, owner):
    from django.urls import reverse

    from tests.conftest import PASSWORD

    token = create_token(owner, "phone")
    new = "Abendessen in Lissabon 2026"
    response = owner_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert user_for_secret(token.secret) is None


def test_other_saves_and_an_upgraded_hash_keep_the_tokens(client, owner):
    from django.contrib.auth.hashers import make_password
    from django.urls import reverse

    from tests.conftest import PASSWORD

    owner.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    owner.save()
    token = create_token(owner, "phone")
    owner.first_name = "Hans"
    owner.save()
    # Logging in upgrades the stored hash to Argon2: the password is the same.
    assert (
        client.post(reverse("login"), {"username": "owner", "password": PASSWORD}).status_code
        == 302
    )
    owner.refresh_from_db()
    assert owner.password.startswith("argon2")
    assert user_for_secret(token.secret) == owner
