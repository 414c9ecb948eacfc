"""The demo's sales team: what someone trying Tafelrunde sees of a team on the demo trip's
evening, with colleagues who cannot log in and whose private fields stay theirs."""

import datetime as dt
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from tafelrunde.demo.builder import build_demo
from tafelrunde.demo.colleagues import COLLEAGUES, TEAM_NAME, TRIP_CITY
from tafelrunde.network.models import Contact, Email, Phone
from tafelrunde.reminders.models import settings_for
from tafelrunde.teams.colleagues import team_tonight
from tafelrunde.teams.membership import teams_of
from tafelrunde.teams.models import Membership
from tafelrunde.teams.shared_people import shared_people
from tafelrunde.teams.sharing import KNOWN_BY_FIELDS, SHARED_FIELDS
from tafelrunde.tonight.call_list import ranked_call_list
from tafelrunde.travel.models import Trip

pytestmark = pytest.mark.django_db

NAMES = {colleague.full_name for colleague in COLLEAGUES}
FIRST_NAMES = {colleague.given for colleague in COLLEAGUES}
# What an introduction adds to the shared fields: its ranking, words and introducer.
INTRODUCTION_FIELDS = {
    "phones",
    "distance_km",
    "score",
    "reasons",
    "introducer",
    "introducer_email",
    "introduction",
    "colleague_note",
}
EVERYONE = 500  # a list as long as the radius holds people


def colleague(username: str):
    return get_user_model().objects.get(username=username)


def trip_place(user):
    return Trip.objects.owned_by(user).including(timezone.localdate()).get().place


def tonight(user, **options):
    return team_tonight(user, trip_place(user), timezone.localdate(), **options)


def test_the_host_owns_a_sales_team_of_three_colleagues(demo):
    user, _summary = demo
    (team,) = teams_of(user)
    assert team.name == TEAM_NAME
    members = Membership.objects.filter(team=team).select_related("user__profile")
    roles = {m.user.profile.full_name: m.role for m in members}
    assert roles == {"Hans Gastgeber": "owner"} | {name: "member" for name in NAMES}
    assert all(m.joined_at.date() < timezone.localdate() for m in members)


def test_colleagues_cannot_log_in_and_get_no_mail(client, demo):
    for member in COLLEAGUES:
        account = colleague(member.username)
        assert not account.has_usable_password() and not account.is_staff
        response = client.post("/login/", {"username": member.username, "password": "demo"})
        assert response.status_code == 200  # the form again, with its error
        prefs = settings_for(account)
        assert not (prefs.trip_digest or prefs.nudge or prefs.weekly or prefs.round_answers)


def test_they_share_by_different_rules(demo):
    memberships = {
        m.user.username: m
        for m in Membership.objects.filter(user__username__in=[c.username for c in COLLEAGUES])
    }
    anna, bernd, mareike = (memberships[f"demo-{n}"] for n in ("anna", "bernd", "mareike"))
    assert anna.share_all and anna.share_trips and anna.share_phones
    assert not bernd.share_all and bernd.share_kinds == ["customer", "supplier"]
    assert not mareike.shares_anything() and mareike.shared.count() == 3


def test_tonight_in_the_trip_city_shows_what_colleagues_add(demo):
    user, _summary = demo
    team = tonight(user, introductions=5)  # as the page asks
    assert trip_place(user).name == TRIP_CITY
    introductions = team.through_colleagues
    assert introductions and all(intro.introducer.name in NAMES for intro in introductions)
    assert {intro.introducer.first_name for intro in introductions} >= {"Anna", "Bernd"}
    assert any(
        any(
            reason.startswith(f"{intro.introducer.first_name} knows them")
            for reason in intro.reasons
        )
        for intro in introductions
    )
    assert any(len(intro.known) == 2 for intro in introductions), "Anna and Mareike know one"
    (here,) = team.colleagues_here
    assert (here.name, here.place.name) == ("Anna Voigt", TRIP_CITY)
    assert here.start <= timezone.localdate() <= here.end


def test_a_colleagues_dinner_lowers_one_of_the_hosts_people_with_a_note(demo):
    user, _summary = demo
    day = timezone.localdate()
    own = tonight(user, limit=EVERYONE).own.candidates
    noted = [c for c in own if c.colleague_note]
    assert [(c.contact.full_name, c.colleague_note.split(" on ")[0]) for c in noted] == [
        ("Bärbel Weißenborn", "Bernd dined with Bärbel")
    ]
    alone = ranked_call_list(user, trip_place(user), day, limit=EVERYONE).candidates
    rank = {c.contact.pk: n for n, c in enumerate(alone)}
    assert own.index(noted[0]) > rank[noted[0].contact.pk]


def test_people_the_host_knows_too_are_shown_once(demo):
    user, _summary = demo
    team = tonight(user, limit=EVERYONE, introductions=EVERYONE)
    own = {c.contact.full_name for c in team.own.candidates}
    through = {intro.name for intro in team.through_colleagues}
    assert own.isdisjoint(through)
    # Colleagues know these too, by name and organisation, by e-mail, by phone.
    for name, username in (
        ("Dr. Constanze Rößler", "demo-anna"),
        ("Katrin Seidel", "demo-anna"),
        ("Bärbel Weißenborn", "demo-bernd"),
    ):
        assert Contact.objects.owned_by(user).filter(full_name=name).exists()
        assert Contact.objects.owned_by(colleague(username)).filter(full_name=name).exists()
        assert name not in through
    assert "Bärbel Weißenborn" in own  # on the host's own list (Constanze declined tonight)


def test_what_colleagues_keep_private_never_reaches_the_host(client, demo):
    user, _summary = demo
    client.force_login(user)
    page = client.get("/tonight/").content.decode()
    out = io.StringIO()
    call_command("tonight", TRIP_CITY, "--user", "demo", "--json", "--limit", "500", stdout=out)
    answer = out.getvalue()
    (membership,) = Membership.objects.filter(user=user)
    people = shared_people(user, membership.team_id, "", limit=500, offset=0)
    listed = json.dumps(people.items, ensure_ascii=False)
    assert "Through colleagues" in page or "Über Kollegen" in page
    for intro in json.loads(answer)["through_colleagues"]:
        assert set(intro) <= set(SHARED_FIELDS) | INTRODUCTION_FIELDS
        assert all(set(known) == set(KNOWN_BY_FIELDS) for known in intro["known_by"])
    assert all(set(item) <= {*SHARED_FIELDS, "phones"} for item in people.items)
    mine = Contact.objects.owned_by(user)
    theirs = Contact.objects.filter(owner__username__in=[c.username for c in COLLEAGUES])
    secrets = {  # what the host has no other way to know
        *Email.objects.filter(contact__in=theirs)
        .exclude(address__in=Email.objects.filter(contact__in=mine).values("address"))
        .values_list("address", flat=True),
        *theirs.exclude(notes="").values_list("notes", flat=True),
    }
    bernds = theirs.filter(owner__username="demo-bernd")
    secrets |= {c.full_name for c in bernds if "friend" in c.kinds}  # he shares business only
    secrets |= set(
        Phone.objects.filter(contact__owner__username="demo-bernd")
        .exclude(number__in=Phone.objects.filter(contact__in=mine).values("number"))
        .values_list("number", flat=True)
    )
    assert len(secrets) > 20
    for text in (page, answer, listed):
        assert [secret for secret in secrets if secret in text] == []


def test_the_team_part_of_tonight_is_the_same_on_every_build():
    day, now = timezone.localdate(), timezone.now()

    def team_part() -> dict:
        build_demo(today=day)
        user = get_user_model().objects.get(username="demo")
        team = team_tonight(user, trip_place(user), day, limit=EVERYONE, now=now)
        introductions = [intro.as_json() for intro in team.through_colleagues]
        for intro in introductions:
            del intro["contact_id"]  # rows are made anew on every build
        return {
            "through_colleagues": introductions,
            "colleagues_here": [here.as_json() for here in team.colleagues_here],
            "notes": [
                (c.contact.full_name, c.colleague_note)
                for c in team.own.candidates
                if c.colleague_note
            ],
        }

    first = team_part()
    assert first["through_colleagues"] and first["colleagues_here"] and first["notes"]
    assert team_part() == first


def test_building_again_makes_one_team_and_no_second_colleague(demo):
    user, _summary = demo
    build_demo(today=timezone.localdate() + dt.timedelta(days=1))
    build_demo()
    assert [team.name for team in teams_of(user)] == [TEAM_NAME]
    usernames = [c.username for c in COLLEAGUES]
    assert get_user_model().objects.filter(username__in=usernames).count() == len(COLLEAGUES)
    assert Membership.objects.filter(user__username__in=usernames).count() == len(COLLEAGUES)
