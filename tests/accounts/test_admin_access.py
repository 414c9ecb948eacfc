"""Django's admin is for staff: an ordinary account sees nobody's data there."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsiders_contact(outsider):
    return ContactFactory(owner=outsider, given_name="Ottilie", family_name="Fremdling")


def admin_pages(contact) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:network_contact_changelist"),
        reverse("admin:network_contact_change", args=[contact.pk]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_password_change", args=[contact.owner.pk]),
    ]


def test_an_ordinary_account_is_sent_to_the_admin_login_and_sees_no_contact(
    owner_client, outsiders_contact
):
    for page in admin_pages(outsiders_contact):
        response = owner_client.get(page)
        assert response.status_code == 302, page
        assert response.url.startswith(reverse("admin:login")), page
        shown = owner_client.get(page, follow=True).text
        assert "Fremdling" not in shown
        assert "not authorized to access this page" in shown


def test_an_ordinary_account_cannot_set_another_accounts_password_there(owner_client, outsider):
    page = reverse("admin:auth_user_password_change", args=[outsider.pk])
    new = "Übernahme durch den Nachbarn 2026"
    response = owner_client.post(page, {"password1": new, "password2": new})
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)


def test_an_ordinary_account_cannot_log_in_to_the_admin(client, owner):
    response = client.post(
        reverse("admin:login"), {"username": "owner", "password": PASSWORD}, follow=True
    )
    assert "Fremdling" not in response.text
    assert client.get(reverse("admin:index")).status_code == 302


def test_staff_do_get_in(client, outsiders_contact):
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get(reverse("admin:index")).status_code == 200
    page = reverse("admin:network_contact_change", args=[outsiders_contact.pk])
    assert "Fremdling" in client.get(page).text
