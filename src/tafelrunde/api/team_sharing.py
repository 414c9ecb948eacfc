"""/teams/{id}/sharing, /shared-contacts and /contacts: what I share with a team, and the
people my colleagues in it share with me.

A shared person is answered exactly as `teams.sharing.shared_view` builds them (name,
organisation, place, everyone in the team who knows them; phone numbers only from sharers who
share those), once however many colleagues know them: the schema below lists no other field,
and the answer leaves out what is unset, so that "phones" is absent, not empty, when they are
not shared.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from tafelrunde.api.auth import TokenRequest
from tafelrunde.api.errors import NOT_FOUND, REFUSALS, invalid
from tafelrunde.api.fields import NO_NUL, Flag, Page, RowId, path_id
from tafelrunde.api.places import PlaceOut
from tafelrunde.network.models import Contact, Kind
from tafelrunde.teams.membership import membership_of
from tafelrunde.teams.models import Membership, SharedContact
from tafelrunde.teams.shared_people import shared_people
from tafelrunde.teams.sharing import MAX_SHARED_AT_ONCE, set_sharing, share_contacts

router = Router(tags=["teams"])

if TYPE_CHECKING:
    KindName = str
else:
    KindName = Literal[tuple(Kind.values)]


class SharingOut(Schema):
    share_all: bool = Field(description="All my contacts.")
    kinds: list[str] = Field(description="My contacts of these kinds.")
    trips: bool = Field(description="My trips (colleagues see where I am on which evening).")
    phones: bool = Field(description="The phone numbers of what I share.")
    contact_ids: list[int] = Field(description="Contacts I share one by one.")


class SharingIn(Schema):
    """Each part left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    share_all: Flag | None = None
    kinds: list[KindName] | None = Field(None, max_length=len(Kind.values))
    trips: Flag | None = None
    phones: Flag | None = None


class ContactIdsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    contact_ids: list[RowId] = Field(min_length=1, max_length=MAX_SHARED_AT_ONCE)


class SharedCount(Schema):
    changed: int = Field(description="How many were not shared before.")


class KnownByOut(Schema):
    colleague: str
    since: dt.date | None
    last_seen: dt.date | None
    times_met: int


class SharedPersonOut(Schema):
    contact_id: int = Field(
        description="The person's first record in the team: of their records with the name "
        "shown, the lowest id. Several colleagues' records of one person (the same name at "
        "the same organisation) are one entry."
    )
    name: str
    organisation: str
    place: PlaceOut | None
    known_by: list[KnownByOut]
    phones: list[str] | None = Field(
        None, description="Only when the colleague shares phone numbers; absent otherwise."
    )


class SharedPersonPage(Schema):
    count: int
    items: list[SharedPersonOut]


@router.get(
    "/{team_id}/sharing",
    response={200: SharingOut, **REFUSALS, **NOT_FOUND},
    summary="What I share with a team",
)
def get_sharing(request: TokenRequest, team_id: int = path_id("team")):
    return sharing_out(membership_of(request.auth, team_id))


@router.put(
    "/{team_id}/sharing",
    response={200: SharingOut, **REFUSALS, **NOT_FOUND},
    summary="Change what I share with a team",
    description="Nothing is shared until you say so. Each part left out stays as it is.",
)
def put_sharing(request: TokenRequest, payload: SharingIn, team_id: int = path_id("team")):
    membership = membership_of(request.auth, team_id)
    set_sharing(
        membership,
        share_all=payload.share_all,
        kinds=payload.kinds,
        trips=payload.trips,
        phones=payload.phones,
    )
    return sharing_out(membership)


@router.post(
    "/{team_id}/shared-contacts",
    response={200: SharedCount, **REFUSALS, **NOT_FOUND},
    summary="Share contacts one by one",
    description="Only your own contacts; an id of anything else is a 422 and shares nothing.",
)
def share(request: TokenRequest, payload: ContactIdsIn, team_id: int = path_id("team")):
    membership = membership_of(request.auth, team_id)
    wanted = list(dict.fromkeys(payload.contact_ids))
    contacts = list(Contact.objects.owned_by(request.auth).filter(pk__in=wanted))
    missing = sorted(set(wanted) - {contact.pk for contact in contacts})
    if missing:
        raise invalid(
            ("body", "contact_ids"), f"You have no contact #{missing[0]}.", "unknown_contact"
        )
    return {"changed": share_contacts(membership, contacts)}


@router.delete(
    "/{team_id}/shared-contacts/{contact_id}",
    response={204: None, **REFUSALS, **NOT_FOUND},
    summary="Stop sharing a contact",
    description="Taken back at once. A contact shared by kind or with all stays visible "
    "until that sharing changes.",
)
def unshare(
    request: TokenRequest, team_id: int = path_id("team"), contact_id: int = path_id("contact")
):
    membership = membership_of(request.auth, team_id)
    contact = Contact.objects.owned_by(request.auth).get_or_404(contact_id)
    share_contacts(membership, [contact], undo=True)
    return Status(204, None)


@router.get(
    "/{team_id}/contacts",
    response={200: SharedPersonPage, **REFUSALS, **NOT_FOUND},
    exclude_unset=True,
    summary="People my colleagues share",
    description="What the team's other members share with you, one entry per person, by name: "
    "name, organisation, place and every colleague who knows them (who knows them best first); "
    "phone numbers only from sharers who share those. Counted and paged by person.",
)
def list_shared_people(
    request: TokenRequest,
    team_id: int = path_id("team"),
    q: str = Query("", max_length=200, pattern=NO_NUL, description="Words in name, org or place."),
    limit: int = Page.LIMIT,
    offset: int = Page.OFFSET,
):
    membership = membership_of(request.auth, team_id)
    page = shared_people(request.auth, membership.team_id, q, limit=limit, offset=offset)
    return {"count": page.count, "items": page.items}


def sharing_out(membership: Membership) -> dict:
    one_by_one = SharedContact.objects.filter(membership=membership).order_by("contact_id")
    return {
        "share_all": membership.share_all,
        "kinds": list(membership.share_kinds or ()),
        "trips": membership.share_trips,
        "phones": membership.share_phones,
        "contact_ids": list(one_by_one.values_list("contact_id", flat=True)),
    }
