"""Changing the password, and choosing a new one by e-mail when it is forgotten."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Abendessen in Lissabon 2026"


def test_settings_link_to_the_password_change(owner_client):
    assert reverse("password_change") in owner_client.get(reverse("settings")).text


def test_the_owner_changes_their_password(owner_client, owner, client):
    response = owner_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert owner_client.get(response.url).status_code == 200  # still logged in here
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)


def test_a_wrong_old_password_changes_nothing(owner_client, owner):
    response = owner_client.post(
        reverse("password_change"),
        {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Please correct the marked fields." in response.text
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_a_weak_new_password_is_refused_with_the_reason(owner_client):
    response = owner_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "too common" in response.text


def test_the_login_page_offers_a_reset(client, db):
    assert reverse("password_reset") in client.get(reverse("login")).text


def test_a_forgotten_password_is_reset_through_a_mailed_link(client, owner):
    owner.email = "hans@example.com"
    owner.save()
    response = client.post(reverse("password_reset"), {"email": "hans@example.com"})
    assert response.status_code == 302
    assert "Check your mail" in client.get(response.url).text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hans@example.com"]
    assert mail.outbox[0].subject == "Your new Tafelrunde password"
    assert "If it was not you" in mail.outbox[0].body
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.text
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert client.get(link, follow=True).text.count("used already or is too old") == 1


def test_an_unknown_address_looks_the_same_and_sends_nothing(client, owner):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def change_password(client, old_password, address="203.0.113.7"):
    return client.post(
        reverse("password_change"),
        {
            "old_password": old_password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        REMOTE_ADDR=address,
    )


def test_five_wrong_old_passwords_lock_the_password_change(owner_client, owner):
    for _ in range(4):
        assert change_password(owner_client, "guess").status_code == 200
    assert change_password(owner_client, "guess").status_code == 429
    response = change_password(owner_client, PASSWORD)  # even the right one is refused now
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert "15 minutes" in response.text
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_wrong_old_passwords_count_towards_the_login_lockout(owner_client, owner):
    for _ in range(5):
        change_password(owner_client, "guess")
    response = Client().post(
        reverse("login"), {"username": "owner", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429


def ask_for_reset(client, email, address="203.0.113.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.fixture
def hans(owner):
    owner.email = "hans@example.com"
    owner.save()
    return owner


def test_at_most_three_reset_mails_an_hour_go_to_one_address(client, hans):
    answers = [ask_for_reset(client, "hans@example.com") for _ in range(20)]
    assert len(mail.outbox) == 3
    # The same page every time: nothing tells a throttled request from one that sent a mail.
    assert {(a.status_code, a.url) for a in answers} == {(302, reverse("password_reset_done"))}


def test_changing_client_or_case_does_not_get_past_the_address_limit(client, hans):
    for number in range(10):
        ask_for_reset(client, "Hans@Example.com", address=f"198.51.100.{number}")
    assert len(mail.outbox) == 3


def test_the_limit_lifts_after_an_hour(client, hans):
    with time_machine.travel(dt.datetime(2026, 11, 27, 20, 0, tzinfo=dt.UTC), tick=False):
        for _ in range(5):
            ask_for_reset(client, "hans@example.com")
    with time_machine.travel(dt.datetime(2026, 11, 27, 21, 1, tzinfo=dt.UTC), tick=False):
        ask_for_reset(client, "hans@example.com")
    assert len(mail.outbox) == 4


def test_one_client_cannot_mail_many_addresses(client, db):
    for number in range(12):
        UserFactory(username=f"user{number}", email=f"user{number}@example.com")
    for number in range(12):
        ask_for_reset(client, f"user{number}@example.com")
    assert len(mail.outbox) == 10
    ask_for_reset(client, "user11@example.com", address="192.0.2.1")  # another client
    assert len(mail.outbox) == 11
