"""Notes written on a contact's page on the phone: each with an id its script made, so a
note sent again (the queue sent twice, a post repeated) is recorded once; without the
script the form works as it always did."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from tafelrunde.meals.models import Note
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def test_the_note_form_carries_an_empty_id_field_for_the_script(owner_client, owner):
    contact = ContactFactory(owner=owner)
    page = owner_client.get(reverse("contact-detail", args=[contact.pk])).content.decode()
    assert 'class="note-add"' in page
    assert '<input type="hidden" name="client_id" id="note_client_id">' in page
    assert 'id="note-queue"' in page and "Waiting to send: %(count)s" in page
    assert "/static/tafelrunde/queue.js" in page and "/static/network/notes.js" in page


def test_a_note_posted_twice_with_its_id_is_added_once(owner_client, owner):
    contact = ContactFactory(owner=owner)
    url = reverse("contact-note-add", args=[contact.pk])
    note = {"text": "Starts at the Charité in May.", "kind": "note", "client_id": uuid.uuid4()}
    first = owner_client.post(url, note, follow=True)
    assert "Added the note." in first.content.decode()
    again = owner_client.post(url, note, follow=True)
    assert "Added the note." not in again.content.decode()
    assert list(Note.objects.values_list("text", flat=True)) == [note["text"]]
    assert str(Note.objects.get().client_id) == str(note["client_id"])


def test_without_an_id_every_post_is_a_note_as_before(owner_client, owner):
    contact = ContactFactory(owner=owner)
    url = reverse("contact-note-add", args=[contact.pk])
    for _ in range(2):
        response = owner_client.post(url, {"text": "Likes Riesling.", "kind": "fact"})
        assert response.status_code == 302
    assert Note.objects.filter(kind="fact", client_id=None).count() == 2


def test_the_queue_gets_json_new_then_repeated(owner_client, owner):
    contact = ContactFactory(owner=owner)
    url = reverse("contact-note-add", args=[contact.pk])
    note = {"text": "  Two sons.  ", "kind": "fact", "client_id": str(uuid.uuid4())}
    first = owner_client.post(url, note, headers=JSON)
    assert first.status_code == 201
    assert first.json()["created"] is True
    assert first.json()["note"]["text"] == "Two sons."
    again = owner_client.post(url, note, headers=JSON)
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["note"]["id"] == first.json()["note"]["id"]
    assert Note.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"text": "  "}, "This field is required."),
        ({"text": "ok", "client_id": "not-an-id"}, "Enter a valid UUID."),
        ({"text": "x" * 5001}, "at most 5000 characters"),
    ],
)
def test_the_queue_is_told_in_words_what_the_server_refuses(owner_client, owner, body, error):
    contact = ContactFactory(owner=owner)
    response = owner_client.post(reverse("contact-note-add", args=[contact.pk]), body, headers=JSON)
    assert response.status_code == 400
    assert error in response.json()["error"]
    assert not Note.objects.exists()


def test_a_note_for_a_contact_deleted_meanwhile_is_refused_not_lost(owner_client, owner):
    contact = ContactFactory(owner=owner)
    url = reverse("contact-note-add", args=[contact.pk])
    contact.delete()
    body = {"text": "Call back.", "client_id": str(uuid.uuid4())}
    response = owner_client.post(url, body, headers=JSON)
    assert response.status_code == 404
    assert response.json()["error"] == "This contact is no longer in your address book."
    assert owner_client.post(url, body).status_code == 404  # the page, as before


def test_another_accounts_contact_is_no_contact_to_the_queue(owner_client, outsider):
    theirs = ContactFactory(owner=outsider)
    body = {"text": "Snooping.", "client_id": str(uuid.uuid4())}
    response = owner_client.post(reverse("contact-note-add", args=[theirs.pk]), body, headers=JSON)
    assert response.status_code == 404
    assert not Note.objects.exists()
