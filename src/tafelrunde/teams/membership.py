"""Who is in a team and in which role; joining by invitation, leaving, being removed.

Roles: an owner may do everything, including naming other owners and deleting the team; an
admin adds and removes members and sends invitations; a member shares and leaves. A team
always keeps one owner: the last owner cannot leave or be removed while others remain, and
a team whose last member leaves is deleted. Everything here is checked on every call, from
the database, so that a removed member loses the team at once: on the next page, API call
or command, whatever session or token they hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tafelrunde.owned import Owner
from tafelrunde.teams.models import Membership, Team, TeamInvitation

Role = Membership.Role
INVITATION_DAYS = 14
TOKEN_BYTES = 18  # 144 bits
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_LINK = 2048  # a pasted link and more; anything longer is no invitation
MAX_TEAMS_PER_ACCOUNT = 50
MAX_MEMBERS = 500


class TeamError(Exception):
    """Something the user asked that the team's rules do not allow; the message says why."""


class AlreadyInTeam(TeamError):
    """The account that would join is in the team already."""


class InvitationClosed(TeamError):
    """No open invitation: used, expired or (by a token or link) never made."""


class NotAnInvitation(TeamError):
    """A text that is neither an invitation's token nor its link."""


def teams_of(user: Owner) -> QuerySet[Team]:
    """The teams the user belongs to."""
    return Team.objects.filter(memberships__user=user).distinct()


def membership_of(user: Owner, team_id: int | str | None) -> Membership:
    """The user's membership in that team; 404 for a team the user is not in, exactly as for
    one that does not exist (a former member included)."""
    try:
        pk = int(team_id)  # type: ignore[arg-type]  # None: TypeError, a 404
        if not 0 < pk < 2**63:  # beyond any id, and beyond what the database takes
            raise ValueError(pk)
        return Membership.objects.select_related("team").get(team_id=pk, user=user)
    except (Membership.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"No team with id {team_id}.") from exc


def team_named(user: Owner, name_or_id: str) -> Membership:
    """The user's membership in the team with that id or name (for commands)."""
    text = name_or_id.strip()
    if text.isdigit():
        try:
            return membership_of(user, text)
        except Http404:
            pass
    found = list(Membership.objects.select_related("team").filter(user=user, team__name=text))
    if len(found) == 1:
        return found[0]
    if found:
        raise TeamError(
            _("You are in several teams called %(name)s: give the team's id.") % {"name": text}
        )
    raise TeamError(_("You are not in a team called %(name)s.") % {"name": text})


def create_team(owner: Owner, name: str) -> Membership:
    """A new team with its creator as its owner."""
    name = " ".join(name.split())
    if not name:
        raise TeamError(_("A team needs a name."))
    if len(name) > Team._meta.get_field("name").max_length:  # type: ignore[operator]
        raise TeamError(_("A team's name is at most 100 characters."))
    if Membership.objects.filter(user=owner).count() >= MAX_TEAMS_PER_ACCOUNT:
        raise TeamError(
            _("An account can be in at most %(n)d teams.") % {"n": MAX_TEAMS_PER_ACCOUNT}
        )
    with transaction.atomic():
        team = Team.objects.create(name=name)
        return Membership.objects.create(team=team, user=owner, role=Role.OWNER)


def add_member(by: Membership, user: Owner, role: str = Role.MEMBER) -> Membership:
    """Add an account to `by`'s team (an owner or admin adds; only an owner adds owners)."""
    _may_manage(by)
    role = _checked_role(by, role)
    if Membership.objects.filter(team_id=by.team_id).count() >= MAX_MEMBERS:
        raise TeamError(_("A team has at most %(n)d members.") % {"n": MAX_MEMBERS})
    try:
        with transaction.atomic():
            return Membership.objects.create(team_id=by.team_id, user=user, role=role)
    except IntegrityError:
        raise TeamError(
            _("%(user)s is already in %(team)s.") % {"user": user.get_username(), "team": by.team}
        ) from None


def remove_member(by: Membership, member: Membership) -> None:
    """`by` removes `member` from the team: their shares go at once."""
    if member.team_id != by.team_id:
        raise Http404("No such member.")
    if member.pk == by.pk:
        leave(by)
        return
    _may_manage(by)
    if member.role == Role.OWNER and by.role != Role.OWNER:
        raise TeamError(_("Only an owner can remove an owner."))
    member.delete()


def leave(member: Membership) -> bool:
    """The member leaves; True when the team went with them (they were its last member)."""
    with transaction.atomic():
        others = Membership.objects.select_for_update().filter(team_id=member.team_id)
        others = others.exclude(pk=member.pk)
        if not others.exists():
            Team.objects.filter(pk=member.team_id).delete()
            return True
        if member.role == Role.OWNER and not others.filter(role=Role.OWNER).exists():
            raise TeamError(_("You are this team's only owner: make another member owner first."))
        member.delete()
        return False


def set_role(by: Membership, member: Membership, role: str) -> Membership:
    """An owner gives a member another role; the team keeps at least one owner."""
    if member.team_id != by.team_id:
        raise Http404("No such member.")
    if by.role != Role.OWNER:
        raise TeamError(_("Only an owner can change roles."))
    role = _checked_role(by, role)
    with transaction.atomic():
        if member.role == Role.OWNER and role != Role.OWNER:
            owners = Membership.objects.select_for_update().filter(
                team_id=by.team_id, role=Role.OWNER
            )
            if owners.count() <= 1:
                raise TeamError(_("A team needs an owner: make another member owner first."))
        member.role = role
        member.save(update_fields=["role"])
    return member


def delete_team(by: Membership) -> None:
    if by.role != Role.OWNER:
        raise TeamError(_("Only an owner can delete the team."))
    by.team.delete()


def members(team_id: int) -> list[Membership]:
    return list(
        Membership.objects.filter(team_id=team_id)
        .select_related("user", "user__profile")
        .order_by("joined_at", "id")
    )


# Invitations -----------------------------------------------------------------------------


def invite(
    by: Membership, email: str = "", role: str = Role.MEMBER, *, now: dt.datetime | None = None
) -> tuple[TeamInvitation, str]:
    """A link to join the team, valid for two weeks and for one account: (invitation, URL)."""
    _may_manage(by)
    role = _checked_role(by, role)
    now = now or timezone.now()
    open_ones = TeamInvitation.objects.filter(team_id=by.team_id, used_at=None, expires_at__gt=now)
    if open_ones.count() >= MAX_MEMBERS:
        raise TeamError(_("Too many open invitations: withdraw some first."))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = TeamInvitation.objects.create(
        team_id=by.team_id,
        invited_by=by.user,
        email=email.strip(),
        role=role,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
    )
    return invitation, join_url(token)


def join_url(token: str) -> str:
    return settings.TAFELRUNDE_BASE_URL + reverse("team-join", kwargs={"token": token})


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for(token: str) -> TeamInvitation | None:
    """The invitation a token opens (used or not); None for anything else."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    return (
        TeamInvitation.objects.select_related("team", "invited_by", "invited_by__profile")
        .filter(token_hash=token_hash(token))
        .first()
    )


def join(invitation: TeamInvitation, user: Owner, *, now: dt.datetime | None = None) -> Membership:
    """The user joins by the invitation: once, while it is open (a conditional update, so two
    clicks at once make one membership)."""
    now = now or timezone.now()
    if Membership.objects.filter(team_id=invitation.team_id, user=user).exists():
        raise AlreadyInTeam(_("You are already in %(team)s.") % {"team": invitation.team})
    with transaction.atomic():
        taken = TeamInvitation.objects.filter(
            pk=invitation.pk, used_at=None, expires_at__gt=now
        ).update(used_at=now, used_by=user)
        if not taken:
            raise InvitationClosed(_("This invitation was used or has expired: ask for a new one."))
        try:
            with transaction.atomic():
                return Membership.objects.create(
                    team_id=invitation.team_id, user=user, role=invitation.role, joined_at=now
                )
        except IntegrityError:
            raise AlreadyInTeam(
                _("You are already in %(team)s.") % {"team": invitation.team}
            ) from None


def join_by_link(user: Owner, link: str, *, now: dt.datetime | None = None) -> Membership:
    """The user joins by an invitation given as its token or its whole link, by `join`'s
    rules. An unknown, a used and an expired invitation are refused in the same words, which
    name no team; only who is in the team already hears its name."""
    token = token_in(link)
    if token is None:
        raise NotAnInvitation(_("That is neither an invitation link nor its token."))
    closed = _("This invitation link is unknown, used or expired: ask for a new one.")
    invitation = invitation_for(token)
    if invitation is None:
        raise InvitationClosed(closed)
    try:
        return join(invitation, user, now=now)
    except InvitationClosed:
        raise InvitationClosed(closed) from None


def token_in(text: str) -> str | None:
    """The token of an invitation given as itself or as its link as people paste it (any
    host, with or without the last slash, a query or <angle brackets>); None otherwise."""
    text = (text or "").strip().strip("<>").strip()
    if len(text) > MAX_LINK:
        return None
    if _TOKEN.fullmatch(text):
        return text
    try:
        path = urlsplit(text).path
    except ValueError:  # "http://[broken": not a link
        return None
    found = _join_path().search(path)
    return found.group("token") if found else None


def _join_path() -> re.Pattern[str]:
    """The join page's path with the token in it, as the site routes it, at a path's end."""
    placeholder = "T" * 16
    before, after = reverse("team-join", kwargs={"token": placeholder}).split(placeholder)
    return re.compile(
        f"{re.escape(before)}(?P<token>{_TOKEN.pattern}){re.escape(after.rstrip('/'))}/?$"
    )


def withdraw_invitation(by: Membership, invitation_id: int | str) -> None:
    _may_manage(by)
    try:
        pk = int(invitation_id)
    except (TypeError, ValueError) as exc:
        raise Http404("No such invitation.") from exc
    if not TeamInvitation.objects.filter(pk=pk, team_id=by.team_id, used_at=None).delete()[0]:
        raise Http404("No such invitation.")


def open_invitations(team_id: int) -> QuerySet[TeamInvitation]:
    return TeamInvitation.objects.filter(
        team_id=team_id, used_at=None, expires_at__gt=timezone.now()
    )


def _may_manage(by: Membership) -> None:
    if not by.manages:
        raise TeamError(_("Only the team's owners and admins can do that."))


def _checked_role(by: Membership, role: str) -> str:
    if role not in Role.values:
        raise TeamError(
            _("Unknown role %(role)s: one of %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    if role == Role.OWNER and by.role != Role.OWNER:
        raise TeamError(_("Only an owner can make someone an owner."))
    return role
