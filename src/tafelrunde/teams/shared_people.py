"""The people a team's other members share with one member, as a list to search and page.

What a colleague shares is decided by their membership (all, by kind, one by one: see
tafelrunde.teams.sharing); here that decision becomes one database query, so that a team of
many members with thousands of contacts each is counted and paged by the database, and each
person leaves this module only as `shared_view` builds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, TextField
from django.db.models.functions import Cast

from tafelrunde.network.lookup import search_contacts
from tafelrunde.network.models import Contact
from tafelrunde.owned import Owner
from tafelrunde.teams.models import Membership, SharedContact
from tafelrunde.teams.sharing import colleagues_of, known_by, shared_view


@dataclass
class SharedPage:
    """One page of the shared people, and how many there are on all pages."""

    count: int
    items: list[dict]


def shared_in_team(viewer: Owner, team_id: int) -> tuple[QuerySet[Contact], dict[int, bool]]:
    """(the contacts the team's other members share with the viewer, owner id -> whether that
    owner shares phone numbers). Read fresh on every call: a member who left shares nothing."""
    others = list(Membership.objects.filter(team_id=team_id).exclude(user=viewer))
    phones = {membership.user_id: membership.share_phones for membership in others}
    # One by one: only the sharer's own contacts count, whatever a row says.
    chosen = SharedContact.objects.filter(
        membership__team_id=team_id, contact__owner_id=F("membership__user_id")
    ).exclude(membership__user=viewer)
    match = Q(pk__in=chosen.values("contact_id"))
    everything = [m.user_id for m in others if m.share_all]
    if everything:
        match |= Q(owner_id__in=everything)
    for membership in others:
        if membership.share_all or not membership.share_kinds:
            continue
        # Kinds are a JSON list of fixed names: '"customer"' matches that kind and no other.
        by_kind = Q()
        for kind in membership.share_kinds:
            by_kind |= Q(kinds_text__contains=f'"{kind}"')
        match |= Q(owner_id=membership.user_id) & by_kind
    contacts = (
        Contact.objects.annotate(kinds_text=Cast("kinds", TextField()))
        .filter(match)
        .exclude(owner=viewer)
    )
    return contacts, phones


def shared_people(
    viewer: Owner, team_id: int, query: str = "", *, limit: int = 50, offset: int = 0
) -> SharedPage:
    """The shared people matching every word of `query` in name, organisation or place (all
    of them shared fields), by name, each exactly as `shared_view` shows them."""
    contacts, phones = shared_in_team(viewer, team_id)
    contacts = search_contacts(contacts, query.strip()).order_by("full_name", "id")
    page = list(
        contacts.select_related("place").prefetch_related("phones")[offset : offset + limit]
    )
    colleagues = colleagues_of(viewer, team_id)
    known = known_by(colleagues, [(c.pk, c.owner_id, c.known_since) for c in page])
    items = [
        shared_view(
            contact.pk,
            contact.full_name,
            contact.organisation,
            contact.place,
            [known[contact.pk]] if contact.pk in known else [],
            [phone.number for phone in contact.phones.all()]
            if phones.get(contact.owner_id)
            else None,
        )
        for contact in page
    ]
    return SharedPage(contacts.count(), items)
