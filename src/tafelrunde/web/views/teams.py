"""Settings → Teams: my teams, one team's members, invitations and roles, what I share with it,
leaving and deleting; and the contact page's "share with the team" toggle.

Every view reaches a team only through `membership.membership_of` (404 for a team the user
is not in, read from the database on every request, so a removed member's open session loses
the team at once). What a role may do is decided by tafelrunde.teams.membership: its
TeamError becomes a message on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tafelrunde.network.models import Contact, Kind
from tafelrunde.owned import Owner, OwnerRequest
from tafelrunde.teams import membership as teams
from tafelrunde.teams.forms import InvitationForm, RoleForm, SharingForm, TeamForm
from tafelrunde.teams.invitation_mail import MailNotSent, send_invitation
from tafelrunde.teams.models import Membership
from tafelrunde.teams.sharing import set_sharing


def team_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A rule of the team that says no becomes a message on the team's page, not an error."""

    @wraps(view)
    def wrapped(request: OwnerRequest, pk: int, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, pk, *args, **kwargs)
        except teams.TeamError as exc:
            messages.error(request, str(exc))
            if Membership.objects.filter(team_id=pk, user=request.user).exists():
                return redirect("team-detail", pk)
            return redirect("team-list")

    return wrapped


@require_http_methods(["GET", "POST"])
def team_list(request: OwnerRequest) -> HttpResponse:
    """The teams I am in, with my role; a form for a new one."""
    form = TeamForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            made = teams.create_team(request.user, form.cleaned_data["name"])
        except teams.TeamError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("Created the team %(name)s.") % {"name": made.team.name})
            return redirect("team-detail", made.team_id)
    mine = Membership.objects.filter(user=request.user).select_related("team")
    return render(request, "teams/team_list.html", {"form": form, "memberships": mine})


def team_detail(request: OwnerRequest, pk: int) -> HttpResponse:
    mine = teams.membership_of(request.user, pk)
    return render(request, "teams/team_detail.html", team_context(mine))


def team_context(mine: Membership, **extra) -> dict:
    """What the team page shows: members, open invitations for those who manage, my sharing."""
    return {
        "team": mine.team,
        "mine": mine,
        "members": [(member, member_name(member.user)) for member in teams.members(mine.team_id)],
        "invitations": list(teams.open_invitations(mine.team_id)) if mine.manages else [],
        "invitation_form": InvitationForm(may_name_owners=mine.role == Membership.Role.OWNER),
        "sharing_form": SharingForm(initial=SharingForm.initial_for(mine)),
        "shared_one_by_one": mine.shared.count(),
        "roles": Membership.Role.choices,
        **extra,
    }


def member_name(user: Owner) -> str:
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.display_name
    return user.get_full_name() or user.get_username()


@require_POST
@team_errors
def team_invite(request: OwnerRequest, pk: int) -> HttpResponse:
    """A new invitation link, shown once on the answer; mailed when an address is given."""
    mine = teams.membership_of(request.user, pk)
    owner = mine.role == Membership.Role.OWNER
    form = InvitationForm(request.POST, may_name_owners=owner)
    if not form.is_valid():
        return render(
            request, "teams/team_detail.html", team_context(mine, invitation_form=form), status=400
        )
    email = form.cleaned_data["email"]
    invitation, url = teams.invite(mine, email, form.cleaned_data["role"])
    mail_error = ""
    if email:
        try:
            send_invitation(invitation, url)
        except MailNotSent as exc:
            mail_error = str(exc)
    response = render(
        request,
        "teams/team_detail.html",
        team_context(mine, new_link=url, new_invitation=invitation, mail_error=mail_error),
    )
    add_never_cache_headers(response)  # the link must not linger in a cache
    return response


@require_POST
@team_errors
def team_invitation_withdraw(request: OwnerRequest, pk: int, invitation: int) -> HttpResponse:
    mine = teams.membership_of(request.user, pk)
    teams.withdraw_invitation(mine, invitation)
    messages.success(request, _("The invitation is withdrawn: its link no longer works."))
    return redirect("team-detail", pk)


def _member(mine: Membership, member_id: int) -> Membership:
    """A member of my team (404 for anyone else)."""
    member = (
        Membership.objects.filter(team_id=mine.team_id, pk=member_id).select_related("user").first()
    )
    if member is None:
        raise Http404("No such member.")
    return member


@require_POST
@team_errors
def team_member_remove(request: OwnerRequest, pk: int, member: int) -> HttpResponse:
    mine = teams.membership_of(request.user, pk)
    gone = _member(mine, member)
    if gone.pk == mine.pk:
        return redirect("team-leave", pk)  # leaving is confirmed on its own page
    teams.remove_member(mine, gone)
    messages.success(
        request, _("%(name)s is no longer in the team.") % {"name": member_name(gone.user)}
    )
    return redirect("team-detail", pk)


@require_POST
@team_errors
def team_member_role(request: OwnerRequest, pk: int, member: int) -> HttpResponse:
    mine = teams.membership_of(request.user, pk)
    changed = _member(mine, member)
    form = RoleForm(request.POST)
    if not form.is_valid():
        raise teams.TeamError(_("Please choose one of the roles."))
    teams.set_role(mine, changed, form.cleaned_data["role"])
    messages.success(
        request,
        _("%(name)s is now %(role)s.")
        % {"name": member_name(changed.user), "role": changed.get_role_display()},
    )
    return redirect("team-detail", pk)


@require_http_methods(["GET", "POST"])
@team_errors
def team_leave(request: OwnerRequest, pk: int) -> HttpResponse:
    """Leaving, after a confirmation: what I shared with the team goes with me."""
    mine = teams.membership_of(request.user, pk)
    if request.method == "POST":
        gone = teams.leave(mine)
        text = (
            _("You left %(team)s; as its last member, the team is deleted.")
            if gone
            else _("You left %(team)s.")
        )
        messages.success(request, text % {"team": mine.team.name})
        return redirect("team-list")
    return render(request, "teams/team_confirm_leave.html", {"team": mine.team, "mine": mine})


@require_http_methods(["GET", "POST"])
@team_errors
def team_delete(request: OwnerRequest, pk: int) -> HttpResponse:
    mine = teams.membership_of(request.user, pk)
    if request.method == "POST":
        teams.delete_team(mine)
        messages.success(request, _("Deleted the team %(team)s.") % {"team": mine.team.name})
        return redirect("team-list")
    if mine.role != Membership.Role.OWNER:
        raise teams.TeamError(_("Only an owner can delete the team."))
    return render(request, "teams/team_confirm_delete.html", {"team": mine.team})


@require_POST
@team_errors
def team_sharing(request: OwnerRequest, pk: int) -> HttpResponse:
    """What I share with this team as a whole."""
    mine = teams.membership_of(request.user, pk)
    form = SharingForm(request.POST)
    if not form.is_valid():
        raise teams.TeamError(_("That did not work; please choose again."))
    data = form.cleaned_data
    set_sharing(
        mine,
        share_all=data["share_all"],
        kinds=data["kinds"],
        trips=data["trips"],
        phones=data["phones"],
    )
    messages.success(request, _("Saved what you share with %(team)s.") % {"team": mine.team.name})
    return redirect("team-detail", pk)


def contact_team_shares(owner: Owner, contact: Contact) -> list[dict]:
    """For the contact page: each of the owner's teams, and whether (and why) it sees them."""
    chosen = set(
        contact.team_shares.filter(membership__user=owner).values_list("membership_id", flat=True)
    )
    kinds = dict(Kind.choices)
    shown = []
    for mine in Membership.objects.filter(user=owner).select_related("team"):
        by_kind = [str(kinds[k]) for k in contact.kinds or () if k in (mine.share_kinds or ())]
        shown.append(
            {
                "membership": mine,
                "team": mine.team,
                "by_all": mine.share_all,
                "by_kind": ", ".join(by_kind),
                "one_by_one": mine.pk in chosen,
            }
        )
    return shown
