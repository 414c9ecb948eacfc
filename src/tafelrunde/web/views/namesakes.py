"""'You may already know…': groups of contacts who share a name, merged or kept apart."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tafelrunde.accounts.models import profile_for
from tafelrunde.network.models import Contact, NamesakeGroup
from tafelrunde.network.namesakes import members_by_group, members_of, open_groups
from tafelrunde.owned import OwnerRequest
from tafelrunde.relationships.merge import merge_contacts

GROUPS_PER_PAGE = 20
MEMBERS_SHOWN = 10  # per group; a name shared by 40 people says "and 30 more"
SHOWN_PER_CONTACT = ("phones", "emails", "sources")  # prefetched for the page


@dataclass(frozen=True)
class GroupOnPage:
    """An open group with the contacts shown, the one a merge keeps first."""

    group: NamesakeGroup
    contacts: list[Contact]
    size: int

    @property
    def more(self) -> int:
        return self.size - len(self.contacts)


def match_suggestions(request: OwnerRequest) -> HttpResponse:
    """Open "same person?" questions, one per shared name, newest first."""
    page = Paginator(open_groups(request.user), GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    members = members_by_group(list(page.object_list), SHOWN_PER_CONTACT)
    groups = [
        GroupOnPage(group, members.get(group.pk, [])[:MEMBERS_SHOWN], group.size)
        for group in page.object_list
    ]
    home_country = profile_for(request.user).home_country
    context = {"page": page, "groups": groups, "home_country": home_country}
    return render(request, "network/suggestions.html", context)


@require_POST
def match_suggestion_merge(request: OwnerRequest, pk: int) -> HttpResponse:
    """All contacts of the group become one: the one known longest keeps the rest."""
    group = NamesakeGroup.objects.owned_by(request.user).get_or_404(pk)
    contacts = members_of(group)
    already = _("These contacts were merged already.")
    if len(contacts) < 2:  # merged a moment ago, from another tab or device
        messages.info(request, already)
        return redirect("match-suggestions")
    keep = contacts[0]
    try:
        with transaction.atomic():
            for other in contacts[1:]:
                keep = merge_contacts(keep, other)
    except Contact.DoesNotExist:
        messages.info(request, already)
        return redirect("match-suggestions")
    messages.success(request, _("Merged into %(name)s.") % {"name": keep.full_name})
    return redirect("match-suggestions")


@require_POST
def match_suggestion_keep_apart(request: OwnerRequest, pk: int) -> HttpResponse:
    group = NamesakeGroup.objects.owned_by(request.user).get_or_404(pk)
    group.status = NamesakeGroup.Status.KEPT_APART
    group.save(update_fields=["status"])
    text = _("Kept the contacts named %(name)s apart; you will not be asked again about them.")
    messages.success(request, text % {"name": group.name})
    return redirect("match-suggestions")
