"""The Tonight page: whom to call, one tap to call or write, one tap to log how it went."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tafelrunde.accounts.models import profile_for
from tafelrunde.evenings import invitations
from tafelrunde.evenings.evening import EveningElsewhereError, evening_for, evening_place
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals.models import Meal
from tafelrunde.network.models import Contact, Place
from tafelrunde.network.places import find_place
from tafelrunde.owned import OwnerRequest
from tafelrunde.rounds.answers import close_after_phone_yes
from tafelrunde.teams.colleagues import team_tonight
from tafelrunde.tonight.calendar import dinner_ics
from tafelrunde.tonight.call_list import Candidate, record_attempt_once
from tafelrunde.tonight.dinner import planned_meal
from tafelrunde.tonight.forms import (
    DinnerForm,
    EveningForm,
    InvitationTemplatesForm,
    OutcomeForm,
)
from tafelrunde.web.views.back import back_url, evening_elsewhere
from tafelrunde.web.views.rounds import rounds_context
from tafelrunde.web.views.team_tonight import tonight_team_context

INTRODUCTIONS = 5  # people through colleagues under the own list


@dataclass
class Row:
    """A candidate as the list shows it: ready texts and links."""

    rank: int
    candidate: Candidate
    invitation: str
    actions: invitations.Actions
    local_time: str
    tried: str

    @property
    def contact(self) -> Contact:
        return self.candidate.contact

    @property
    def reasons(self) -> list[str]:
        """The reasons but a colleague's note, which the list shows on a line of its own."""
        note = self.candidate.colleague_note
        return [reason for reason in self.candidate.reasons if not note or reason != note]


def tonight(request: OwnerRequest) -> HttpResponse:
    """Tonight's list at the trip's place, or at ?place=…&date=…; otherwise a place form."""
    today = timezone.localdate()
    chosen = "place" in request.GET or "date" in request.GET
    form = EveningForm(request.GET if chosen else None, initial={"date": today})
    place, day = None, today
    if not chosen:
        place = evening_place(request.user, today)
    elif form.is_valid():
        day = form.cleaned_data["date"] or today
        place = form.cleaned_data["place"] or evening_place(request.user, day)
        if place is None:
            form.add_error("place", _("No trip includes this evening; please name a place."))
    context: dict[str, Any] = {"form": form, "day": day, "today": today, "place": place}
    if place is not None:
        context |= tonight_context(
            request, place, day, form.data.get("place", ""), introductions=INTRODUCTIONS
        )
        open_round = any(shown["state"]["status"] == "open" for shown in context["rounds"])
        context["can_invite"] = bool(context["rows"]) and not context["accepted"] and not open_round
    return render(request, "evenings/tonight.html", context)


def todays_list_context(request: OwnerRequest, today: dt.date) -> dict:
    """For the home page on a trip day: tonight's list at the trip's place (else nothing)."""
    place = evening_place(request.user, today)
    return tonight_context(request, place, today) if place else {}


def tonight_context(
    request: OwnerRequest, place: Place, day: dt.date, place_text="", *, introductions: int = 0
) -> dict:
    """The call list with its texts and links, the calls so far and who said yes; for a team
    member also colleagues' notes, and (`introductions` > 0) what the team adds."""
    profile = profile_for(request.user)
    host = invitations.Host.of(profile)
    team = team_tonight(request.user, place, day, introductions=introductions)
    candidates = team.own.candidates
    prefetch_related_objects([c.contact for c in candidates], "emails")  # phones come with
    rows = [_row(rank, candidate, place, host) for rank, candidate in enumerate(candidates, 1)]
    attempts = list(
        Attempt.objects.owned_by(request.user).filter(evening__date=day).select_related("contact")
    )
    accepted = [a for a in attempts if a.outcome == Attempt.Outcome.ACCEPTED]
    alone = Evening.objects.owned_by(request.user).filter(date=day, alone_at__isnull=False).exists()
    rounds = rounds_context(request.user, day)
    _mark_invited(rows, rounds)
    return {
        "alone": alone,
        "place": place,
        "day": day,
        "rows": rows,
        "calls": len(attempts),
        "accepted": accepted,
        "place_text": place_text,
        "next_url": request.get_full_path(),
        "home_country": profile.home_country,  # numbers read as at home
        **rounds,
        **tonight_team_context(team, place, day),
    }


def _mark_invited(rows: list[Row], rounds: dict) -> None:
    """A guest of tonight's open round waits for their link's answer, not for a call back."""
    waiting = {
        guest["row"].invitee.contact_id
        for shown in rounds["rounds"]
        if shown["state"]["status"] == "open"
        for guest in shown["guests"]
        if guest["state"] == "open"
    }
    for row in rows:
        if row.contact.pk in waiting:
            row.tried = _("invited, no answer yet")


def _row(rank: int, candidate: Candidate, place: Place, host: invitations.Host) -> Row:
    contact = candidate.contact
    text = host.invitation(contact, place)
    subject = invitations.invitation_subject(contact, invitations.city_for(place, contact))
    tried = ""
    if candidate.tried_tonight in Attempt.Outcome.values:
        tried = str(Attempt.Outcome(candidate.tried_tonight).label)
    return Row(
        rank=rank,
        candidate=candidate,
        invitation=text,
        actions=invitations.action_links(contact, text, subject),
        local_time=candidate.local_time.strftime("%H:%M"),
        tried=tried,
    )


@require_POST
def record_outcome(request: OwnerRequest) -> HttpResponse:
    """One tap: log how the call went, then back to the list (or on to the dinner).

    Tonight's script sends taps (also those queued offline) asking for JSON, each with an
    id it made: it gets the attempt and where to go next, or the refusal in words (4xx); a
    tap sent again gives the attempt recorded the first time."""
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    back = back_url(request)

    def refuse(message: str, status: int = 400, to: str | None = None) -> HttpResponse:
        if wants_json:
            return JsonResponse({"error": message}, status=status)
        messages.error(request, message)
        return HttpResponseRedirect(to or back)

    contact = Contact.objects.owned_by(request.user).filter(pk=_id(request.POST.get("contact")))
    if not contact.exists():
        if not wants_json:
            raise Http404("No such contact.")
        return refuse(_("This contact is no longer in your address book."), 404)
    contact = contact.get()
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return refuse(_("That did not work; please tap again."))
    data = form.cleaned_data
    place = find_place(data["place"]) if data["place"] else None
    if data["place"] and place is None:
        return refuse(_("No place called “%(name)s” is known.") % {"name": data["place"]})
    try:
        attempt, created = record_attempt_once(
            request.user,
            contact,
            data["outcome"],
            client_id=data["client_id"],
            day=data["date"] or timezone.localdate(),
            place=place,
            channel=data["channel"] or Attempt.Channel.CALL,
        )
    except EveningElsewhereError as exc:
        return refuse(evening_elsewhere(exc), 409)
    except ValueError:
        message = _("No trip includes that evening; please choose a place first.")
        return refuse(message, 409, reverse("tonight"))
    after = back
    if attempt.outcome == Attempt.Outcome.ACCEPTED:
        if created:
            close_after_phone_yes(attempt.evening_id)  # the table is taken: an open round says so
        after = reverse("tonight-dinner-form", args=[attempt.pk])
    elif created:
        messages.success(
            request,
            _("%(name)s: %(outcome)s.")
            % {"name": contact.full_name, "outcome": attempt.get_outcome_display()},
        )
    if wants_json:
        body = {"attempt": attempt.as_json(), "next": after, "created": created}
        return JsonResponse(body, status=201 if created else 200)
    return HttpResponseRedirect(after)


def _id(text: str | None) -> int:
    """A row id from a form field; 0 (no row) for anything else."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else 0


@require_POST
def alone_tonight(request: OwnerRequest) -> HttpResponse:
    """ "Alone tonight": no more nudges for this evening (and undone by "alone": "0")."""
    back = back_url(request)
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    place = find_place(request.POST.get("place", "")) if request.POST.get("place") else None
    try:
        evening = evening_for(request.user, day, place)
    except (EveningElsewhereError, ValueError):
        messages.error(request, _("No trip includes that evening; please choose a place first."))
        return HttpResponseRedirect(back)
    alone = request.POST.get("alone", "1") != "0"
    evening.alone_at = timezone.now() if alone else None
    evening.save(update_fields=["alone_at"])
    if alone:
        messages.success(request, _("Alone tonight: no more reminders for this evening."))
    return HttpResponseRedirect(back)


def tonight_url(day: dt.date) -> str:
    """The list of the evening of `day`, at the place that evening is (or its trip's)."""
    if day == timezone.localdate():
        return reverse("tonight")
    return f"{reverse('tonight')}?{urlencode({'date': day.isoformat()})}"


@require_http_methods(["GET", "POST"])
def dinner_form(request: OwnerRequest, pk: int) -> HttpResponse:
    """After a yes: when and where; saving plans the meal."""
    attempt = Attempt.objects.owned_by(request.user).get_or_404(pk)
    if attempt.outcome != Attempt.Outcome.ACCEPTED:
        raise Http404("Only a yes leads to a dinner.")
    meal = planned_meal(attempt)
    form = DinnerForm(request.POST or None, initial=DinnerForm.initial_for(meal))
    if request.method == "POST" and form.is_valid():
        meal = form.save_for(attempt, meal)
        return redirect("tonight-dinner", meal.pk)
    context = {
        "form": form,
        "attempt": attempt,
        "contact": attempt.contact,
        "meal": meal,
        "tonight_url": tonight_url(attempt.evening.date),
    }
    return render(request, "evenings/dinner_form.html", context)


def dinner(request: OwnerRequest, pk: int) -> HttpResponse:
    """The planned dinner: into the calendar, and a confirmation one tap away."""
    meal = Meal.objects.owned_by(request.user).get_or_404(pk)
    guests = [p.contact for p in meal.participants.select_related("contact") if p.contact]
    host = profile_for(request.user).display_name
    when = meal.time.strftime("%H:%M") if meal.time else ""
    where = ", ".join(part for part in (meal.restaurant, meal.restaurant_address) if part)
    confirmations = []
    for guest in guests:
        city = invitations.city_for(meal.place, guest)
        text = invitations.confirmation_text(guest, city, host, when, where)
        subject = invitations.confirmation_subject(guest)
        confirmations.append((guest, text, invitations.action_links(guest, text, subject)))
    context = {"meal": meal, "confirmations": confirmations, "tonight_url": tonight_url(meal.date)}
    return render(request, "evenings/dinner.html", context)


def dinner_calendar(request: OwnerRequest, pk: int) -> HttpResponse:
    """The dinner as an .ics file for the owner's calendar."""
    meal = Meal.objects.owned_by(request.user).get_or_404(pk)
    guests = [p.name for p in meal.participants.all()]
    content = dinner_ics(meal, guests, profile_for(request.user).language)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    filename = f"dinner-{meal.date:%Y-%m-%d}-{meal.pk}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def invitation_settings(request: OwnerRequest) -> HttpResponse:
    """The owner's own invitation texts (du/Sie × German/English)."""
    profile = profile_for(request.user)
    form = InvitationTemplatesForm(request.POST or None, templates=profile.invitation_templates)
    if request.method == "POST" and form.is_valid():
        profile.invitation_templates = form.templates()
        profile.save(update_fields=["invitation_templates"])
        messages.success(request, _("Invitation texts saved."))
        return redirect("invitation-settings")
    return render(request, "evenings/invitation_settings.html", {"form": form})
