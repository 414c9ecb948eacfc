"""Settings → Teams → one team → the people its other members share with me: one entry per
person, however many colleagues know them, searched and paged as tafelrunde.teams.shared_people
counts them (by the database, by person), and shown only as `shared_view` hands them out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import overload

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from tafelrunde.accounts.models import profile_for
from tafelrunde.owned import OwnerRequest
from tafelrunde.teams import membership as teams
from tafelrunde.teams.introductions import known_words
from tafelrunde.teams.shared_people import SharedPage, shared_people
from tafelrunde.teams.sharing import KnownBy

PEOPLE_PER_PAGE = 50
MAX_PAGE = 1_000_000


class _Fetched(Sequence[dict]):
    """One page read already, for a Paginator: how many on all pages, and that page's people."""

    def __init__(self, shared: SharedPage, offset: int):
        self.shared, self.offset = shared, offset

    def __len__(self) -> int:
        return self.shared.count

    @overload
    def __getitem__(self, index: int) -> dict: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict]: ...
    def __getitem__(self, index: int | slice) -> dict | list[dict]:
        if isinstance(index, slice):
            return self.shared.items[index.start - self.offset : index.stop - self.offset]
        return self.shared.items[index - self.offset]


def team_people(request: OwnerRequest, pk: int) -> HttpResponse:
    """The people the team's other members share with me, one entry each, by name."""
    mine = teams.membership_of(request.user, pk)
    query = request.GET.get("q", "").strip()
    try:  # past any page there can be (the database's numbers end): the last page
        number = min(max(1, int(request.GET.get("page", "1"))), MAX_PAGE)
    except ValueError:
        number = 1

    def read(number: int) -> SharedPage:
        offset = (number - 1) * PEOPLE_PER_PAGE
        return shared_people(
            request.user, mine.team_id, query, limit=PEOPLE_PER_PAGE, offset=offset
        )

    shared = read(number)
    if not shared.items and number > 1:  # past the end: the last page, as the contacts' list
        number = max(1, math.ceil(shared.count / PEOPLE_PER_PAGE))
        shared = read(number)
    page = Paginator(_Fetched(shared, (number - 1) * PEOPLE_PER_PAGE), PEOPLE_PER_PAGE).page(number)
    context = {
        "team": mine.team,
        "query": query,
        "page": page,
        "people": [_shown(person) for person in page.object_list],
        "home_country": profile_for(request.user).home_country,  # phones read at home
    }
    return render(request, "teams/team_people.html", context)


def _shown(person: dict) -> dict:
    """A shared person as the page writes them: who knows them in words, as on Tonight."""
    return {**person, "known": [known_words(KnownBy.from_json(k)) for k in person["known_by"]]}
