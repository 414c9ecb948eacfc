"""Joining a team by its invitation link, and sharing one contact with a team from its page.

The join page needs an account (the login sends the invitee back here): it names who
invites to which team, and joins on a POST. A link that was used, has expired or never
existed explains itself on a page of its own rather than failing.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tafelrunde.network.models import Contact
from tafelrunde.owned import OwnerRequest
from tafelrunde.teams import membership as teams
from tafelrunde.teams.forms import ShareContactForm
from tafelrunde.teams.models import Membership
from tafelrunde.teams.sharing import share_contacts
from tafelrunde.web.views.teams import member_name


@never_cache
@require_http_methods(["GET", "POST"])
def team_join(request: OwnerRequest, token: str) -> HttpResponse:
    invitation = teams.invitation_for(token)
    if invitation is None:
        return render(request, "teams/join.html", {"state": "unknown"}, status=404)
    context: dict[str, object] = {"invitation": invitation, "team": invitation.team}
    already = Membership.objects.filter(team_id=invitation.team_id, user=request.user).exists()
    if already:
        messages.info(request, _("You are already in %(team)s.") % {"team": invitation.team})
        return redirect("team-detail", invitation.team_id)
    if not invitation.is_open():
        state = "used" if invitation.used_at else "expired"
        return render(request, "teams/join.html", {**context, "state": state}, status=410)
    if request.method == "POST":
        try:
            teams.join(invitation, request.user)
        except teams.TeamError as exc:
            messages.error(request, str(exc))
            return redirect("team-join", token)
        messages.success(request, _("Welcome to %(team)s.") % {"team": invitation.team})
        return redirect("team-detail", invitation.team_id)
    context |= {
        "state": "open",
        "inviter": member_name(invitation.invited_by),
        "expires": timezone.localtime(invitation.expires_at),
    }
    return render(request, "teams/join.html", context)


@require_POST
def contact_team_share(request: OwnerRequest, pk: int) -> HttpResponse:
    """Share this contact with one of my teams, one by one (or stop sharing it)."""
    contact = Contact.objects.owned_by(request.user).get_or_404(pk)
    form = ShareContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That did not work; please tap again."))
        return redirect("contact-detail", contact.pk)
    mine = teams.membership_of(request.user, form.cleaned_data["team"])
    undo = form.cleaned_data["undo"]
    try:
        share_contacts(mine, [contact], undo=undo)
    except teams.TeamError as exc:
        messages.error(request, str(exc))
    else:
        text = (
            _("%(name)s is no longer shared with %(team)s one by one.")
            if undo
            else _("%(name)s is now shared with %(team)s.")
        )
        messages.success(request, text % {"name": contact.full_name, "team": mine.team.name})
    return redirect("contact-detail", contact.pk)
