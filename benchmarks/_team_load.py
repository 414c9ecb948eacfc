"""The team scenario of benchmarks/load.py (--team): members of one team writing at once.

Each member is an account of its own, in one team, sharing all its contacts and trips; all
know the same people in Munich (the same e-mail addresses), so that what one member logs is
what the others' Tonight must show ("Anna invited him on 5 Dec").
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter


class TeamReader:
    """Reads one member's Tonight with the colleagues' section, again and again, in this
    process, while the members write through the server."""

    def __init__(self, viewer, place):
        self.viewer, self.place = viewer, place
        self.done = threading.Event()
        self.ms: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        from django.db import connection

        from tafelrunde.teams.colleagues import team_tonight

        try:
            while not self.done.is_set():
                started = time.perf_counter()
                try:
                    team_tonight(self.viewer, self.place, dt.date.today())
                except Exception as exc:  # counted and shown, not raised: the run goes on
                    self.failures.append(f"team_tonight: {type(exc).__name__}: {exc}")
                else:
                    self.ms.append((time.perf_counter() - started) * 1000)
        finally:
            connection.close()


def prepare_team(clients: int, contacts_per_client: int, place, client_class, evenings: int):
    """Members with a trip to `place`, the same people there, one token each; one team of all
    of them sharing everything. The clients, and the reader of the first member's Tonight."""
    from django.contrib.auth import get_user_model

    from tafelrunde.accounts.models import profile_for
    from tafelrunde.api.tokens import create_token
    from tafelrunde.network.models import Contact, Email
    from tafelrunde.teams.membership import add_member, create_team
    from tafelrunde.teams.sharing import set_sharing
    from tafelrunde.travel.models import Trip

    today = dt.date.today()
    users, result = get_user_model().objects, []
    for number in range(clients):
        member = users.create_user(f"member{number}", password="load test only")
        profile = profile_for(member)
        profile.full_name = f"Member {number}"
        profile.save()
        end = today + dt.timedelta(evenings)
        Trip.objects.create(owner=member, place=place, start=today, end=end)
        contacts = []
        for index in range(contacts_per_client):
            contact = Contact.objects.create(
                owner=member,
                given_name="Guest",
                family_name=f"Number{index}",
                place=place,
                latitude=place.latitude,
                longitude=place.longitude,
            )
            Email.objects.create(contact=contact, address=f"guest{index}@customer.example")
            contacts.append(contact.pk)
        token = create_token(member, f"member {number}").secret
        result.append(client_class(number, token, contacts))
    owner = create_team(users.get(username="member0"), "Load")
    for number in range(clients):
        member = users.get(username=f"member{number}")
        membership = owner if number == 0 else add_member(owner, member)
        set_sharing(membership, share_all=True, trips=True)
    return result, TeamReader(users.get(username="member0"), place)


def team_checks(reader: TeamReader, expected_contacts: Counter, people: int) -> dict:
    """What the team's writes left: contacts added (lost, duplicated), evenings begun twice by
    one member, and how many of the people the first member knows carry a colleague's note."""
    from tafelrunde.evenings.models import Evening
    from tafelrunde.network.models import Contact
    from tafelrunde.teams.colleague_notes import Notes
    from tafelrunde.teams.sharing import colleagues_of

    stored = Counter(
        Contact.objects.filter(full_name__startswith="load ").values_list("full_name", flat=True)
    )
    pairs = list(Evening.objects.values_list("owner_id", "date"))
    known = list(
        Contact.objects.filter(owner=reader.viewer, given_name="Guest").values_list("id", flat=True)
    )
    notes = Notes(reader.viewer, dt.date.today(), colleagues_of(reader.viewer))(known)
    return {
        "contacts_lost": sum((expected_contacts - stored).values()),
        "contacts_duplicated": sum((stored - expected_contacts).values()),
        "evenings_duplicated": len(pairs) - len(set(pairs)),
        "colleague_notes": len(notes),
        "colleague_notes_missing": people - len(notes),
    }
