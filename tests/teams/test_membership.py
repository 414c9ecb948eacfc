"""Teams and their members: roles, invitations, leaving and removal."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tafelrunde.teams.membership import (
    TeamError,
    add_member,
    create_team,
    invitation_for,
    invite,
    join,
    leave,
    membership_of,
    remove_member,
    set_role,
    token_in,
)
from tafelrunde.teams.models import Membership, Team
from tests.teams.helpers import account, sales_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return (
        account("hans", "Hans Gastgeber"),
        account("anna", "Anna Schmidt"),
        account("bert", "Bert Brenner"),
    )


def test_the_creator_owns_the_team_and_a_name_is_needed(people):
    hans, _anna, _bert = people
    owner = create_team(hans, "  Vertrieb   Ost ")
    assert (owner.team.name, owner.role) == ("Vertrieb Ost", "owner")
    with pytest.raises(TeamError, match="needs a name"):
        create_team(hans, "   ")


def test_members_cannot_add_or_remove_but_admins_can(people):
    hans, anna, bert = people
    team = sales_team(hans, anna)
    with pytest.raises(TeamError, match="owners and admins"):
        add_member(team[anna.pk], bert)
    set_role(team[hans.pk], team[anna.pk], "admin")
    anna_admin = membership_of(anna, team[hans.pk].team_id)
    bert_member = add_member(anna_admin, bert)
    with pytest.raises(TeamError, match="Only an owner can remove an owner"):
        remove_member(anna_admin, team[hans.pk])
    with pytest.raises(TeamError, match="Only an owner can make someone an owner"):
        add_member(anna_admin, account("carl", "Carl"), "owner")
    remove_member(anna_admin, bert_member)
    assert not Membership.objects.filter(user=bert).exists()


def test_adding_someone_twice_says_so(people):
    hans, anna, _bert = people
    team = sales_team(hans, anna)
    with pytest.raises(TeamError, match="already in Vertrieb"):
        add_member(team[hans.pk], anna)


def test_a_team_keeps_an_owner(people):
    hans, anna, _bert = people
    team = sales_team(hans, anna)
    with pytest.raises(TeamError, match="only owner"):
        leave(team[hans.pk])
    with pytest.raises(TeamError, match="needs an owner"):
        set_role(team[hans.pk], team[hans.pk], "member")
    set_role(team[hans.pk], team[anna.pk], "owner")
    assert leave(team[hans.pk]) is False
    assert Membership.objects.get(user=anna).role == "owner"
    assert leave(Membership.objects.get(user=anna)) is True  # the last one: the team goes too
    assert not Team.objects.exists()


def test_a_former_member_and_a_stranger_find_no_team(people):
    hans, anna, bert = people
    team = sales_team(hans, anna)
    team_id = team[hans.pk].team_id
    remove_member(team[hans.pk], team[anna.pk])
    for someone in (anna, bert):
        with pytest.raises(Http404):
            membership_of(someone, team_id)
    with pytest.raises(Http404):
        membership_of(hans, "not a number")


def test_an_invitation_joins_one_account_once(people):
    hans, anna, bert = people
    owner = create_team(hans, "Vertrieb")
    invitation, url = invite(owner, "anna@firma.example")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert invitation_for(token) == invitation
    assert invitation.token_hash != token and token not in invitation.token_hash
    assert join(invitation_for(token), anna).role == "member"
    with pytest.raises(TeamError, match="used or has expired"):
        join(invitation_for(token), bert)
    assert invitation_for("x" * 24) is None and invitation_for("../../etc") is None


TOKEN = "Ab3_-" * 5  # 25 characters, as a made token might look


@pytest.mark.parametrize(
    "pasted",
    [
        TOKEN,
        f" {TOKEN}\n",
        f"https://tafelrunde.example/teams/join/{TOKEN}/",
        f"https://tafelrunde.example/teams/join/{TOKEN}",
        f"<https://tafelrunde.example/teams/join/{TOKEN}/>",
        f"http://localhost:8000/teams/join/{TOKEN}/?from=mail#top",
        f"tafelrunde.example/teams/join/{TOKEN}/",
        f"https://firma.example/tafelrunde/teams/join/{TOKEN}/",
    ],
)
def test_the_token_is_found_in_a_link_as_pasted(pasted):
    assert token_in(pasted) == TOKEN


@pytest.mark.parametrize(
    "pasted",
    [
        "",
        "short",
        "../../etc/passwd",
        f"https://tafelrunde.example/contacts/{TOKEN}/",
        f"https://tafelrunde.example/teams/join/{TOKEN}/extra/",
        f"https://tafelrunde.example/teams/join/{TOKEN}{'x' * 64}/",
        "http://[tafelrunde/teams/join/",
        f"https://tafelrunde.example/teams/join/{TOKEN}/" + " " * 3000 + "x",
        "https://" + "a" * 5000 + f"/teams/join/{TOKEN}/",
    ],
)
def test_anything_else_has_no_token(pasted):
    assert token_in(pasted) is None


def test_an_expired_invitation_explains_itself(people):
    hans, anna, _bert = people
    owner = create_team(hans, "Vertrieb")
    long_ago = timezone.now() - dt.timedelta(days=15)
    invitation, _url = invite(owner, role="admin", now=long_ago)
    with pytest.raises(TeamError, match="used or has expired"):
        join(invitation, anna)
    assert not Membership.objects.filter(user=anna).exists()


def test_only_managers_invite(people):
    hans, anna, _bert = people
    team = sales_team(hans, anna)
    with pytest.raises(TeamError):
        invite(team[anna.pk])
