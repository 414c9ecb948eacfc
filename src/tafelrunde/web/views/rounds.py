"""Tonight's invitation rounds for the host: start one, see it live, withdraw it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tafelrunde.evenings.evening import EveningElsewhereError, NoTripError
from tafelrunde.evenings.models import Attempt
from tafelrunde.network.forms import resolve_place_text
from tafelrunde.network.models import Contact
from tafelrunde.owned import Owner, OwnerRequest
from tafelrunde.rounds.answers import guest_state, withdraw
from tafelrunde.rounds.forms import RoundForm
from tafelrunde.rounds.models import Round
from tafelrunde.rounds.sending import RoundError, sent_again, start_round
from tafelrunde.web.views.back import back_url, evening_elsewhere


@require_POST
def round_start(request: OwnerRequest) -> HttpResponse:
    """ "Invite": a round for the ticked people (or the first three), then back to Tonight."""
    back = back_url(request)
    form = RoundForm(request.POST)
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        messages.error(request, " ".join(errors) or _("That did not work; please tap again."))
        return HttpResponseRedirect(back)
    ids = form.guest_ids()
    contacts = list(Contact.objects.owned_by(request.user).filter(pk__in=ids))
    if len(contacts) != len(ids):
        messages.error(request, _("Choose people from the list."))
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    try:
        place = resolve_place_text(data["place"] or "")
        start_round(
            request.user,
            sorted(contacts, key=lambda contact: ids.index(contact.pk)),
            day=data["date"] or timezone.localdate(),
            place=place,
            time=data["time"],
            restaurant=data["restaurant"],
        )
    except EveningElsewhereError as exc:
        messages.error(request, evening_elsewhere(exc))
        return HttpResponseRedirect(back)
    except NoTripError:
        messages.error(request, _("No trip includes that evening; please choose a place first."))
        return HttpResponseRedirect(back)
    except RoundError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(back)
    messages.success(request, _("Invitations ready: send each one with a tap below."))
    return HttpResponseRedirect(back.split("#")[0] + "#round")


@require_POST
def round_withdraw(request: OwnerRequest, pk: int) -> HttpResponse:
    round_ = Round.objects.owned_by(request.user).get_or_404(pk)
    if withdraw(round_):
        messages.success(request, _("Round withdrawn: the open links now say so."))
    else:
        messages.error(request, _("This round was no longer open."))
    return HttpResponseRedirect(back_url(request).split("#")[0] + "#round")


@require_POST
def round_sent(request: OwnerRequest, pk: int) -> HttpResponse:
    """A tap on WhatsApp, SMS or e-mail in the round (told by Tonight's script): the try on
    the evening is logged as sent that way. Without the script it keeps its likely channel."""
    round_ = Round.objects.owned_by(request.user).get_or_404(pk)
    channel = request.POST.get("channel", "")
    if channel not in {Attempt.Channel.WHATSAPP, Attempt.Channel.SMS, Attempt.Channel.EMAIL}:
        return HttpResponse(status=400)
    invitee = round_.invitees.filter(pk=request.POST.get("invitee") or 0).first()
    if invitee is None or invitee.attempt_id is None:
        return HttpResponse(status=404)
    Attempt.objects.filter(pk=invitee.attempt_id).update(channel=channel)
    return HttpResponse(status=204)


@require_safe
def round_state(request: OwnerRequest, pk: int) -> JsonResponse:
    """What Tonight's light poll reads: the round's state and each guest's."""
    round_ = Round.objects.owned_by(request.user).get_or_404(pk)
    return JsonResponse(state_of(round_))


def state_of(round_: Round) -> dict:
    invitees = list(round_.invitees.all())
    for invitee in invitees:
        invitee.round = round_
    guests = {str(invitee.pk): guest_state(invitee) for invitee in invitees}
    status = round_.status
    if status == Round.Status.OPEN and round_.is_expired():
        status = "expired"
    signature = status + ":" + ",".join(f"{key}={value}" for key, value in guests.items())
    return {"round": round_.pk, "status": status, "guests": guests, "signature": signature}


def rounds_context(owner: Owner, day: dt.date) -> dict:
    """Tonight's rounds, newest first, each guest with the text and links to send again."""
    rounds = list(
        Round.objects.owned_by(owner)
        .filter(evening__date=day)
        .select_related("evening__place", "meal")[:5]
    )
    shown = []
    for round_ in rounds:
        rows = sent_again(round_)
        for row in rows:
            row.invitee.round = round_
        guests = [{"row": row, "state": guest_state(row.invitee)} for row in rows]
        shown.append({"round": round_, "guests": guests, "state": state_of(round_)})
    return {"rounds": shown}
