"""Contact pages: the searchable list, one contact with its timeline, add, edit and delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tafelrunde.accounts.models import profile_for
from tafelrunde.network.forms import ContactForm, language_name
from tafelrunde.network.lookup import search_contacts
from tafelrunde.network.models import Contact, LocationSource
from tafelrunde.owned import OwnerRequest
from tafelrunde.relationships.erase import erase_contact, erasure_of
from tafelrunde.web.views.teams import contact_team_shares
from tafelrunde.web.views.timeline import timeline_context

CONTACTS_PER_PAGE = 50
LOCATION_HOW: dict[str, object] = {
    LocationSource.ADDRESS: gettext_lazy("from the address"),
    LocationSource.PHONE: gettext_lazy("from the phone area code"),
    LocationSource.MEAL: gettext_lazy("from a meal together"),
    LocationSource.MANUAL: gettext_lazy("set by hand"),
}


def contact_list(request: OwnerRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    contacts = search_contacts(Contact.objects.owned_by(request.user), query)
    contacts = contacts.select_related("place").order_by(
        "family_name", "given_name", "full_name", "id"
    )
    page = Paginator(contacts, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "network/contact_list.html", {"page": page, "query": query})


def removed_from(contact: Contact) -> list:
    from tafelrunde.sync.contacts import removed_from as removed

    return removed(contact)


def contact_detail(request: OwnerRequest, pk: int) -> HttpResponse:
    """The contact: the story so far, how to reach them, who they are, and the timeline."""
    contact = Contact.objects.owned_by(request.user).get_or_404(pk)
    context = {
        "contact": contact,
        "home_country": profile_for(request.user).home_country,  # phones read at home
        "language": language_name(contact.language),
        "location_how": describe_location(contact),
        "removed_from": removed_from(contact),
        "team_shares": contact_team_shares(request.user, contact),
        **timeline_context(request.user, contact, timezone.localdate()),
    }
    return render(request, "network/contact_detail.html", context)


def contact_create(request: OwnerRequest) -> HttpResponse:
    return _contact_form_page(request, Contact(owner=request.user))


def contact_edit(request: OwnerRequest, pk: int) -> HttpResponse:
    return _contact_form_page(request, Contact.objects.owned_by(request.user).get_or_404(pk))


def _contact_form_page(request: OwnerRequest, contact: Contact) -> HttpResponse:
    home_country = profile_for(request.user).home_country
    data = request.POST if request.method == "POST" else None
    form = ContactForm(data, instance=contact, home_country=home_country)
    if form.is_valid():
        is_new = contact._state.adding
        contact = form.save_all(request.user)
        text = _("Added %(name)s.") if is_new else _("Saved %(name)s.")
        messages.success(request, text % {"name": contact.full_name})
        return redirect("contact-detail", contact.pk)
    return render(request, "network/contact_form.html", {"form": form, "contact": contact})


@require_http_methods(["GET", "POST"])
def contact_delete(request: OwnerRequest, pk: int) -> HttpResponse:
    """Erase the contact completely, after a page that says what goes and what stays."""
    contact = Contact.objects.owned_by(request.user).get_or_404(pk)
    if request.method == "POST":
        erase_contact(contact)
        messages.success(request, _("Erased %(name)s.") % {"name": contact.full_name})
        return redirect("contact-list")
    context = {"contact": contact, "erasure": erasure_of(contact)}
    return render(request, "network/contact_confirm_delete.html", context)


def describe_location(contact: Contact) -> str:
    """How the contact's place was found and how sure it is: "from the address — certain"."""
    if not contact.place_id:
        return ""
    how = str(LOCATION_HOW.get(contact.location_source, contact.location_source))
    sureness = confidence_in_words(contact.location_confidence)
    return f"{how} — {sureness}" if sureness else how


def confidence_in_words(confidence: float | None) -> str:
    from tafelrunde.core.locate import APPROXIMATE_BELOW

    if confidence is None:
        return ""
    if confidence >= 0.9:
        return _("certain")
    if confidence >= APPROXIMATE_BELOW:
        return _("likely")
    return _("approximate")
