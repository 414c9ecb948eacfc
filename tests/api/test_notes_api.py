"""/api/v1/contacts/{id}/notes: what you learned, on the person's timeline."""

import datetime as dt
import uuid

import pytest

from tafelrunde.meals.models import Note
from tests.factories import ContactFactory, NoteFactory

pytestmark = pytest.mark.django_db


def test_notes_are_listed_newest_first(api, owner):
    contact = ContactFactory(owner=owner)
    old = NoteFactory(
        contact=contact, text="Met at the Messe.", created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    new = NoteFactory(contact=contact, text="Wants to retire to Portugal.")
    NoteFactory(contact=ContactFactory(owner=owner), text="Someone else's.")
    data = api.get(f"/contacts/{contact.pk}/notes").json()
    assert data["count"] == 2
    assert [n["id"] for n in data["items"]] == [new.pk, old.pk]
    assert data["items"][0]["contact_id"] == contact.pk


def test_a_note_and_a_fact_are_added_to_the_timeline(api, owner):
    contact = ContactFactory(owner=owner)
    response = api.post(
        f"/contacts/{contact.pk}/notes", {"text": "  Dreams of a charity project.  "}
    )
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["text"]) == (
        "note",
        "Dreams of a charity project.",
    )
    fact = api.post(
        f"/contacts/{contact.pk}/notes", {"text": "Two daughters", "kind": "fact"}
    ).json()
    assert fact["kind"] == "fact"
    assert Note.objects.filter(contact=contact).count() == 2
    assert contact.pk in {n.contact_id for n in Note.objects.all()}


@pytest.mark.parametrize(
    "body, where",
    [
        ({"text": ""}, "body.text"),
        ({"text": "   "}, "body.text"),
        ({"text": "x" * 5001}, "body.text"),
        ({"text": "ok", "kind": "gossip"}, "body.kind"),
        ({}, "body.text"),
    ],
)
def test_bad_notes_are_refused(api, owner, body, where):
    contact = ContactFactory(owner=owner)
    response = api.post(f"/contacts/{contact.pk}/notes", body)
    assert response.status_code == 422
    assert where in {".".join(map(str, e["loc"])) for e in response.json()["detail"]}
    assert not Note.objects.exists()


def test_a_note_sent_twice_with_its_client_id_is_added_once(api, owner):
    contact = ContactFactory(owner=owner)
    note = {"text": "Moved to Porto.", "client_id": str(uuid.uuid4())}
    first = api.post(f"/contacts/{contact.pk}/notes", note)
    assert first.status_code == 201
    assert first.json()["client_id"] == note["client_id"]
    again = api.post(f"/contacts/{contact.pk}/notes", note | {"kind": "fact"})  # the id decides
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Note.objects.count() == 1
    another = api.post(f"/contacts/{contact.pk}/notes", note | {"client_id": str(uuid.uuid4())})
    assert another.status_code == 201
    assert Note.objects.count() == 2


def test_a_client_id_that_is_no_uuid_is_refused(api, owner):
    contact = ContactFactory(owner=owner)
    response = api.post(f"/contacts/{contact.pk}/notes", {"text": "ok", "client_id": "7"})
    assert response.status_code == 422
    assert "body.client_id" in {".".join(map(str, e["loc"])) for e in response.json()["detail"]}
    assert not Note.objects.exists()


def test_another_accounts_client_id_does_not_answer_its_note(api, owner, outsider):
    client_id = uuid.uuid4()
    theirs = NoteFactory(contact=ContactFactory(owner=outsider), client_id=client_id)
    mine = ContactFactory(owner=owner)
    response = api.post(
        f"/contacts/{mine.pk}/notes", {"text": "Mine.", "client_id": str(client_id)}
    )
    assert response.status_code == 201
    assert response.json()["id"] != theirs.pk
    assert Note.objects.filter(client_id=client_id).count() == 2
