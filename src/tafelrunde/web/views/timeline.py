"""What you learned and keeping in touch: notes, facts and follow-ups on a contact's page,
marking a follow-up done, the overdue list with its rhythms, and the open follow-ups.

Rows are reached through their managers' owned_by(user).get_or_404(pk), as on every page.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tafelrunde.accounts.models import profile_for
from tafelrunde.meals.models import FollowUp
from tafelrunde.meals.notes import record_note_once
from tafelrunde.network.models import Contact
from tafelrunde.owned import Owner, OwnerRequest
from tafelrunde.relationships import rhythm
from tafelrunde.relationships.forms import FollowUpForm, NoteForm, RhythmForm
from tafelrunde.relationships.timeline import contact_timeline, follow_up_state, story_so_far

OVERDUE_PER_PAGE = 50


def span_in_words(days: int) -> str:
    """ "20 days", "5 months", "14 years": as precise as a glance needs."""
    if days < 60:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if days < 730:
        months = days // 30
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    years = days // 365
    return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}


def timeline_context(owner: Owner, contact: Contact, today: dt.date) -> dict:
    """The contact page's story line, rhythm, timeline and empty forms."""
    due = rhythm.due_for_contact(owner, contact, today)
    return {
        "story": story_so_far(contact, today).line(today),
        "due": due,
        "overdue_by": span_in_words(due.days_overdue) if due and due.days_overdue > 0 else "",
        "timeline": contact_timeline(contact),
        "note_form": NoteForm(auto_id="note_%s"),
        "follow_up_form": FollowUpForm(auto_id="follow_up_%s"),
    }


def _to_timeline(contact: Contact) -> HttpResponse:
    return redirect(reverse("contact-detail", args=[contact.pk]) + "#timeline")


@require_http_methods(["GET", "POST"])
def note_add(request: OwnerRequest, pk: int) -> HttpResponse:
    """Add a note or a personal fact to the contact's timeline, once per id its form carries.

    The page's script sends notes written offline asking for JSON: it gets the note (201,
    or 200 for one sent before), or the refusal in words (4xx)."""
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    contact = Contact.objects.owned_by(request.user).filter(pk=pk).first()
    if contact is None:
        if wants_json and request.method == "POST":
            message = _("This contact is no longer in your address book.")
            return JsonResponse({"error": message}, status=404)
        raise Http404("No such contact.")
    form = NoteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        note, created = record_note_once(
            contact, data["kind"], data["text"], client_id=data["client_id"]
        )
        if wants_json:
            body = {"note": note.as_json(), "created": created}
            return JsonResponse(body, status=201 if created else 200)
        if created:
            kind = note.get_kind_display()
            messages.success(request, _("Added the %(kind)s.") % {"kind": kind})
        return _to_timeline(contact)
    if wants_json and request.method == "POST":
        errors = " ".join(str(error) for field in form.errors.values() for error in field)
        return JsonResponse({"error": errors or _("That did not work.")}, status=400)
    context = {"contact": contact, "form": form, "what": "note"}
    return render(request, "network/note_form.html", context)


@require_http_methods(["GET", "POST"])
def follow_up_add(request: OwnerRequest, pk: int) -> HttpResponse:
    """Add a follow-up, with a due date if one is given."""
    contact = Contact.objects.owned_by(request.user).get_or_404(pk)
    form = FollowUpForm(
        request.POST if request.method == "POST" else None, instance=FollowUp(contact=contact)
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("Added the follow-up."))
        return _to_timeline(contact)
    context = {"contact": contact, "form": form, "what": "follow-up"}
    return render(request, "network/note_form.html", context)


@require_POST
def follow_up_done(request: OwnerRequest, pk: int) -> HttpResponse:
    """Mark a follow-up done (once: doing it again keeps the first time)."""
    follow_up = FollowUp.objects.owned_by(request.user).get_or_404(pk)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
    messages.success(request, _("Done: %(text)s") % {"text": follow_up.text})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)  # redirect() would take "0" for a view's name
    return redirect(reverse("contact-detail", args=[follow_up.contact_id]) + "#timeline")


@require_http_methods(["GET", "POST"])
def overdue_page(request: OwnerRequest) -> HttpResponse:
    """Whom you have not seen for longer than you wanted, most overdue first; the rhythms."""
    today = timezone.localdate()
    profile = profile_for(request.user)
    data = request.POST if request.method == "POST" else None
    form = RhythmForm(data, rhythms=rhythm.rhythm_by_kind(profile), auto_id="rhythm_%s")
    if form.is_valid():
        rhythm.save_rhythm_by_kind(profile, form.rhythms())
        messages.success(request, _("Rhythms saved."))
        return redirect("contact-overdue")
    page = Paginator(rhythm.overdue_rows(request.user, today), OVERDUE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": [
            (row, span_in_words(row.days_overdue))
            for row in rhythm.with_contacts(request.user, list(page.object_list))
        ],
        "form": form,
        "today": today,
        "home_country": profile.home_country,
    }
    return render(request, "network/overdue.html", context)


def open_follow_ups(owner: Owner):
    """The owner's open follow-ups: by due date (the most overdue first), undated last."""
    return (
        FollowUp.objects.owned_by(owner)
        .filter(done_at=None)
        .select_related("contact")
        .order_by(F("due").asc(nulls_last=True), "created_at", "id")
    )


def follow_ups_page(request: OwnerRequest) -> HttpResponse:
    """Every open follow-up, overdue ones first, each one tap from done."""
    today = timezone.localdate()
    rows = [
        (follow_up, follow_up_state(follow_up), bool(follow_up.due and follow_up.due < today))
        for follow_up in open_follow_ups(request.user)
    ]
    return render(request, "network/followups.html", {"rows": rows, "today": today})


def keeping_in_touch_counts(owner: Owner, today: dt.date) -> dict:
    """For the home page: how many contacts are overdue and how many follow-ups are due."""
    due = open_follow_ups(owner).filter(due__lte=today).count()
    return {"overdue_count": len(rhythm.overdue_rows(owner, today)), "follow_ups_due": due}
