"""Logging in and out, and every page asking for an account first."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

PAGES = [
    ("home", {}),
    ("contact-list", {}),
    ("contact-create", {}),
    ("contact-detail", {"pk": 1}),
    ("contact-edit", {"pk": 1}),
    ("contact-delete", {"pk": 1}),
    ("trip-list", {}),
    ("trip-create", {}),
    ("trip-edit", {"pk": 1}),
    ("trip-delete", {"pk": 1}),
]


def test_it_shows_the_login_page(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'for="id_password"' in response.content


def test_it_logs_in_with_username_and_password(client, owner):
    response = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_it_refuses_a_wrong_password(client, owner):
    response = client.post(reverse("login"), {"username": "owner", "password": "wrong"})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert client.get(reverse("home")).status_code == 302


def test_a_username_longer_than_its_column_is_refused_and_counted_not_a_server_error(client, owner):
    # Found by fuzzing: the login form does not limit the name's length, and django-axes
    # kept it in 255 characters: PostgreSQL refused the attempt with a server error.
    from axes.models import AccessAttempt

    wrong = {"username": "x" * 10_000, "password": "wrong"}
    responses = [client.post(reverse("login"), wrong) for _ in range(6)]

    assert [r.status_code for r in responses] == [200] * 4 + [429] * 2  # locked at five
    assert len(AccessAttempt.objects.get().username) == 255


def test_it_logs_out_with_the_header_button(owner_client):
    page = owner_client.get(reverse("home")).content.decode()
    assert f'action="{reverse("logout")}"' in page
    response = owner_client.post(reverse("logout"))
    assert response.status_code == 302
    assert owner_client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_it_sends_strangers_to_the_login_page(client, db, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
