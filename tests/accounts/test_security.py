"""Hard to break into: Argon2 hashes, login throttling, a strict CSP, production checks."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
import time_machine
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, username="owner", password=PASSWORD, address="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_passwords_are_stored_as_argon2_hashes(owner):
    owner.set_password("a long and new password")
    owner.save()
    owner.refresh_from_db()
    assert identify_hasher(owner.password).algorithm == "argon2"
    assert "a long and new password" not in owner.password


def test_an_old_pbkdf2_hash_still_logs_in_and_is_upgraded_to_argon2(client, owner):
    from django.contrib.auth.hashers import make_password

    owner.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    owner.save()
    assert log_in(client).status_code == 302
    owner.refresh_from_db()
    assert identify_hasher(owner.password).algorithm == "argon2"


def test_five_wrong_passwords_lock_the_account_for_that_address(client, owner):
    for _ in range(5):
        log_in(client, password="wrong")
    response = log_in(client)  # even the right password is refused now
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert "15 minutes" in response.text
    assert client.get(reverse("home")).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, owner):
    with time_machine.travel(dt.datetime(2026, 11, 27, 20, 0, tzinfo=dt.UTC), tick=False):
        for _ in range(5):
            log_in(client, password="wrong")
        assert log_in(client).status_code == 429
    with time_machine.travel(dt.datetime(2026, 11, 27, 20, 16, tzinfo=dt.UTC), tick=False):
        assert log_in(client).status_code == 302


def test_a_lock_does_not_shut_out_the_owner_from_another_address(client, owner):
    for _ in range(5):
        log_in(client, password="wrong", address="198.51.100.66")
    assert log_in(client, address="203.0.113.7").status_code == 302


BEHIND_THE_PROXY = {
    "AXES_IPWARE_PROXY_ORDER": "right-most",
    "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
}


def log_in_through_the_proxy(client, forwarded_for, password=PASSWORD):
    return client.post(
        reverse("login"),
        {"username": "owner", "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_a_lock_is_for_the_clients_address_not_the_proxys(client, owner, settings):
    for name, value in BEHIND_THE_PROXY.items():
        setattr(settings, name, value)
    for number in range(5):  # a forged address in front of the real one changes nothing
        log_in_through_the_proxy(client, f"192.0.2.{number}, 198.51.100.66", password="wrong")
    assert log_in_through_the_proxy(client, "198.51.100.66").status_code == 429
    assert log_in_through_the_proxy(client, "203.0.113.7").status_code == 302


def test_https_settings_read_the_client_address_from_the_proxy(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TAFELRUNDE_")},
        "TAFELRUNDE_DATA_DIR": str(tmp_path),
        "TAFELRUNDE_HTTPS": "1",
        "DJANGO_SETTINGS_MODULE": "tafelrunde.settings",
    }
    names = sorted(BEHIND_THE_PROXY)
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert json.loads(result.stdout) == BEHIND_THE_PROXY, result.stderr


def test_a_good_login_clears_earlier_mistakes(client, owner):
    for _ in range(4):
        log_in(client, password="wrong")
    assert log_in(client).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        log_in(client, password="wrong")
    assert log_in(client).status_code == 302


def test_pages_carry_a_strict_content_security_policy(owner_client):
    policy = owner_client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


def deploy_check(tmp_path, **variables):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TAFELRUNDE_")},
        "TAFELRUNDE_DATA_DIR": str(tmp_path),
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-m", "tafelrunde.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_djangos_deploy_check(tmp_path):
    result = deploy_check(
        tmp_path, TAFELRUNDE_HTTPS="1", TAFELRUNDE_ALLOWED_HOSTS="tafelrunde.example.com"
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_https_the_deploy_check_names_what_is_missing(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 1
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr
