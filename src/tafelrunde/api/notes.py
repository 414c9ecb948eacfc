"""/contacts/{id}/notes: what you learned about a person, on their timeline."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Literal

from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from tafelrunde.api.auth import TokenRequest
from tafelrunde.api.errors import NOT_FOUND, REFUSALS, form_invalid
from tafelrunde.api.fields import Page, path_id, text
from tafelrunde.meals.models import Note
from tafelrunde.meals.notes import record_note_once
from tafelrunde.network.models import Contact
from tafelrunde.relationships.forms import NoteForm

router = Router(tags=["notes"])

# Computed from the model's choices at run time; to the type checker they are text.
if TYPE_CHECKING:
    NoteKind = str
else:
    NoteKind = Literal[tuple(Note.Kind.values)]


class NoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = text(5000, min_length=1)
    kind: NoteKind = Field("note", description="note, or fact for a personal fact.")
    client_id: uuid.UUID | None = Field(
        None,
        description="An id the client made for this note: sent again, the note recorded the "
        "first time is answered (200) and nothing is recorded twice.",
    )


class NoteOut(Schema):
    id: int
    contact_id: int
    kind: str
    text: str
    meal_id: int | None
    created_at: dt.datetime
    client_id: uuid.UUID | None = Field(description="The id the client made, if any.")


class NotePage(Schema):
    count: int
    items: list[NoteOut]


@router.get(
    "/{contact_id}/notes",
    response={200: NotePage, **REFUSALS, **NOT_FOUND},
    summary="List a contact's notes",
    description="Notes and personal facts, newest first.",
)
def list_notes(
    request: TokenRequest,
    contact_id: int = path_id("contact"),
    limit: int = Page.LIMIT,
    offset: int = Page.OFFSET,
):
    contact = Contact.objects.owned_by(request.auth).get_or_404(contact_id)
    notes = contact.timeline_notes.order_by("-created_at", "-id")
    return {"count": notes.count(), "items": list(notes[offset : offset + limit])}


@router.post(
    "/{contact_id}/notes",
    response={201: NoteOut, 200: NoteOut, **REFUSALS, **NOT_FOUND},
    summary="Add a note to a contact",
    description="A `client_id` sent before answers the note recorded then (200).",
)
def create_note(request: TokenRequest, payload: NoteIn, contact_id: int = path_id("contact")):
    contact = Contact.objects.owned_by(request.auth).get_or_404(contact_id)
    form = NoteForm(payload.model_dump())
    if not form.is_valid():
        raise form_invalid(form)
    data = form.cleaned_data
    # As the contact page's note form saves it (tafelrunde.web.views.timeline.note_add).
    note, created = record_note_once(
        contact, data["kind"], data["text"], client_id=data["client_id"]
    )
    return Status(201 if created else 200, note)
