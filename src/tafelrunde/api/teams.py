"""/teams: the viewer's teams, their members and roles, invitations, joining, leaving.

Every operation on a team starts at `membership_of`, read from the database on each call: a
team the token's owner is not in (never was, left, was removed) answers 404 exactly as one
that does not exist. What the team's rules refuse (a member who would remove someone, an
admin who would name an owner) is a 403 with the rule's own words (TeamError).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from tafelrunde.accounts.models import Profile
from tafelrunde.api.auth import TokenRequest
from tafelrunde.api.errors import NOT_FOUND, REFUSALS, Message, invalid
from tafelrunde.api.fields import NO_NUL, Page, path_id, text
from tafelrunde.teams import membership as teams
from tafelrunde.teams.models import Membership, Team

router = Router(tags=["teams"])
FORBIDDEN = {403: Message}

if TYPE_CHECKING:
    RoleName = str
else:
    RoleName = Literal[tuple(Membership.Role.values)]
# At least one character that is not white space, as create_team keeps the name.
TEAM_NAME = r"^[^\x00]*[^\x00\s][^\x00]*$"


class TeamOut(Schema):
    id: int
    name: str
    created_at: dt.datetime
    role: str = Field(description="Your role: owner, admin or member.")
    member_count: int


class TeamPage(Schema):
    count: int
    items: list[TeamOut]


class MemberOut(Schema):
    user_id: int
    username: str
    name: str
    role: str
    joined_at: dt.datetime


class TeamDetail(TeamOut):
    members: list[MemberOut] = Field(description="Longest-standing first.")


class TeamIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=100, pattern=TEAM_NAME)


class MemberIn(Schema):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=150, pattern=NO_NUL)
    role: RoleName = Field("member", description="Only an owner adds owners.")


class RoleIn(Schema):
    model_config = ConfigDict(extra="forbid")

    role: RoleName = Field(description="Only an owner changes roles; a team keeps one owner.")


class InvitationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    email: str = text(254, default="", description="Whom it is for (a note only).")
    role: RoleName = "member"


class JoinIn(Schema):
    model_config = ConfigDict(extra="forbid")

    token: str = text(
        teams.MAX_LINK,
        description="The invitation's token, or its whole link as it was sent.",
        min_length=1,
    )


class InvitationOut(Schema):
    id: int
    url: str = Field(description="The link to join; shown only in this answer, used once.")
    email: str
    role: str
    expires_at: dt.datetime


@router.get("", response={200: TeamPage, **REFUSALS}, summary="List my teams")
def list_teams(request: TokenRequest, limit: int = Page.LIMIT, offset: int = Page.OFFSET):
    mine = Membership.objects.filter(user=request.auth).select_related("team")
    mine = mine.order_by("team__name", "team_id")
    page = list(mine[offset : offset + limit])
    return {"count": mine.count(), "items": [team_out(m, members_in(m.team_id)) for m in page]}


@router.post("", response={201: TeamDetail, **REFUSALS, **FORBIDDEN}, summary="Create a team")
def create_team(request: TokenRequest, payload: TeamIn):
    membership = refused_as_403(teams.create_team, request.auth, payload.name)
    return Status(201, team_detail(membership))


# Before "/{team_id}": the join path would otherwise be taken for a team's id.
@router.post(
    "/join",
    response={201: TeamDetail, **REFUSALS, **NOT_FOUND, **FORBIDDEN},
    summary="Join a team",
    description="Join the team of an invitation with its token or its whole link: once, "
    "within its two weeks, with the role it gives. An unknown, used or expired invitation is "
    "a 404, the same for each, naming no team; a text that is no invitation link or token is "
    "a 422 (`invalid_token`), and so is joining a team you are in already (`member`).",
)
def join_team(request: TokenRequest, payload: JoinIn):
    try:
        joined = teams.join_by_link(request.auth, payload.token)
    except teams.NotAnInvitation as exc:
        raise invalid(("body", "token"), str(exc), "invalid_token") from None
    except teams.AlreadyInTeam as exc:
        raise invalid(("body", "token"), str(exc), "member") from None
    except teams.InvitationClosed as exc:
        raise Http404(str(exc)) from None
    except teams.TeamError as exc:
        raise HttpError(403, str(exc)) from None
    return Status(201, team_detail(joined))


@router.get("/{team_id}", response={200: TeamDetail, **REFUSALS, **NOT_FOUND}, summary="Get a team")
def get_team(request: TokenRequest, team_id: int = path_id("team")):
    return team_detail(teams.membership_of(request.auth, team_id))


@router.delete(
    "/{team_id}",
    response={204: None, **REFUSALS, **NOT_FOUND, **FORBIDDEN},
    summary="Delete a team",
    description="Owners only: every membership and share of the team goes with it.",
)
def delete_team(request: TokenRequest, team_id: int = path_id("team")):
    refused_as_403(teams.delete_team, teams.membership_of(request.auth, team_id))
    return Status(204, None)


@router.post(
    "/{team_id}/members",
    response={201: MemberOut, **REFUSALS, **NOT_FOUND, **FORBIDDEN},
    summary="Add a member",
    description="Owners and admins add an account by its username.",
)
def add_member(request: TokenRequest, payload: MemberIn, team_id: int = path_id("team")):
    by = teams.membership_of(request.auth, team_id)
    if not by.manages:  # the rule's own refusal, before the named account is looked up
        refused_as_403(teams.add_member, by, request.auth)
    user = get_user_model().objects.filter(username=payload.username.strip()).first()
    if user is None or not user.is_active:
        raise invalid(
            ("body", "username"), f"No account is called {payload.username!r}.", "unknown_user"
        )
    if Membership.objects.filter(team_id=by.team_id, user=user).exists():
        raise invalid(
            ("body", "username"), f"{user.get_username()} is already in the team.", "member"
        )
    added = refused_as_403(teams.add_member, by, user, payload.role)
    return Status(201, member_out(added))


@router.patch(
    "/{team_id}/members/{user_id}",
    response={200: MemberOut, **REFUSALS, **NOT_FOUND, **FORBIDDEN},
    summary="Change a member's role",
)
def change_role(
    request: TokenRequest,
    payload: RoleIn,
    team_id: int = path_id("team"),
    user_id: int = path_id("member's account"),
):
    by = teams.membership_of(request.auth, team_id)
    return member_out(refused_as_403(teams.set_role, by, member_in(by, user_id), payload.role))


@router.delete(
    "/{team_id}/members/{user_id}",
    response={204: None, **REFUSALS, **NOT_FOUND, **FORBIDDEN},
    summary="Remove a member",
    description="Owners and admins remove members (only an owner removes an owner). Your own "
    "id: you leave. Their shares go at once, whatever sessions or tokens they hold.",
)
def remove_member(
    request: TokenRequest, team_id: int = path_id("team"), user_id: int = path_id("member")
):
    by = teams.membership_of(request.auth, team_id)
    refused_as_403(teams.remove_member, by, member_in(by, user_id))
    return Status(204, None)


@router.delete(
    "/{team_id}/membership",
    response={204: None, **REFUSALS, **NOT_FOUND, **FORBIDDEN},
    summary="Leave a team",
    description="Your shares go at once. The only owner leaves after naming another owner; "
    "the last member's leaving deletes the team.",
)
def leave_team(request: TokenRequest, team_id: int = path_id("team")):
    refused_as_403(teams.leave, teams.membership_of(request.auth, team_id))
    return Status(204, None)


@router.post(
    "/{team_id}/invitations",
    response={201: InvitationOut, **REFUSALS, **NOT_FOUND, **FORBIDDEN},
    summary="Invite someone",
    description="Owners and admins: a link to join, valid for two weeks and for one account. "
    "The link is in this answer only: it is stored hashed.",
)
def create_invitation(request: TokenRequest, payload: InvitationIn, team_id: int = path_id("team")):
    by = teams.membership_of(request.auth, team_id)
    email = payload.email.strip()
    try:
        if email:
            validate_email(email)
    except DjangoValidationError:
        raise invalid(("body", "email"), "Not an e-mail address.", "invalid_email") from None
    invitation, url = refused_as_403(teams.invite, by, email, payload.role)
    return Status(
        201,
        {
            "id": invitation.pk,
            "url": url,
            "email": invitation.email,
            "role": invitation.role,
            "expires_at": invitation.expires_at,
        },
    )


def refused_as_403(rule, *args):
    """Run a team rule; what it refuses is a 403 in its own words."""
    try:
        return rule(*args)
    except teams.TeamError as exc:
        raise HttpError(403, str(exc)) from None


def member_in(by: Membership, user_id: int) -> Membership:
    """The membership of that account in `by`'s team; 404 for anyone else."""
    found = Membership.objects.filter(team_id=by.team_id, user_id=user_id).first()
    if found is None:
        raise Http404(f"No member with id {user_id}.")
    return found


def members_in(team_id: int) -> int:
    return Membership.objects.filter(team_id=team_id).count()


def team_out(membership: Membership, member_count: int) -> dict:
    team: Team = membership.team
    return {
        "id": team.pk,
        "name": team.name,
        "created_at": team.created_at,
        "role": membership.role,
        "member_count": member_count,
    }


def team_detail(membership: Membership) -> dict:
    everyone = teams.members(membership.team_id)
    return {**team_out(membership, len(everyone)), "members": [member_out(m) for m in everyone]}


def member_out(membership: Membership) -> dict:
    user = membership.user
    return {
        "user_id": user.pk,
        "username": user.get_username(),
        "name": display_name(user),
        "role": membership.role,
        "joined_at": membership.joined_at,
    }


def display_name(user) -> str:
    """The name the account goes by, without making a profile for one that has none."""
    try:
        return user.profile.display_name
    except Profile.DoesNotExist:
        return user.get_full_name() or user.get_username()
