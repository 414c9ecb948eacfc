"""Adding a note to a contact's timeline the same way from every face (the contact page,
its offline queue, the API): once per id the phone made for it."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction

from tafelrunde.meals.models import Note
from tafelrunde.network.models import Contact


def record_note_once(
    contact: Contact, kind: str, text: str, *, client_id: uuid.UUID | None
) -> tuple[Note, bool]:
    """The note, written once per client id: a note sent again (the connection dropped
    before the answer came, or the queue was sent twice) gives the note recorded the first
    time, also when both sends arrive in the same instant. Returns the note and whether it
    is new. The text is kept without its surrounding blanks."""
    if client_id is not None:
        found = Note.objects.filter(owner_id=contact.owner_id, client_id=client_id).first()
        if found is not None:
            return found, False
    try:
        with transaction.atomic():  # a savepoint: the race's loser reads the winner's row
            note = Note.objects.create(
                contact=contact, kind=kind, text=text.strip(), client_id=client_id
            )
            return note, True
    except IntegrityError:
        found = Note.objects.filter(owner_id=contact.owner_id, client_id=client_id).first()
        if client_id is None or found is None:
            raise
        return found, False
