"""/api/v1/contacts/{id}/notes: what you learned, on the person's timeline."""

import datetime as dt

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
