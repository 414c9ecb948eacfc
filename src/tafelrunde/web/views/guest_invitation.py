"""The guest's page: the personal link of an invitation round, for someone without an account.

It shows the invitation in the guest's language and form of address and takes one answer;
nothing of the host's network, no other guest and no link into the app. It works without
JavaScript, asks search engines to stay away, sends no referrer and loads nothing from
another origin. A wrong token is a plain 404, and a client guessing tokens is throttled.

The form is CSRF-safe without Django's cookie: a page with `Referrer-Policy: no-referrer`
posts with `Origin: null`, which Django's check refuses, and a guest has no session to tie a
cookie to. Instead the form carries a keyed hash of its link (links.form_check), which only
a page served for that link has; a post from another origin is refused as well.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import formats, timezone, translation
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from tafelrunde.accounts.models import profile_for
from tafelrunde.evenings.invitations import template_key
from tafelrunde.rounds import throttle
from tafelrunde.rounds.answers import answer, page_state
from tafelrunde.rounds.forms import AnswerForm
from tafelrunde.rounds.links import form_check, form_check_ok, invitee_for
from tafelrunde.rounds.models import Invitee
from tafelrunde.tonight.calendar import dinner_ics, place_zone


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, private=True, no_store=True)
    return response


def _invitee_or_404(request: HttpRequest, token: str) -> Invitee:
    invitee = invitee_for(token)
    if invitee is None:
        throttle.note_miss(request)
        raise Http404
    return invitee


def _from_elsewhere(request: HttpRequest) -> bool:
    """A post whose Origin names another site (`null`, our own page's, passes on)."""
    origin = request.headers.get("Origin", "null")
    return origin != "null" and origin != f"{request.scheme}://{request.get_host()}"


@login_not_required
@csrf_exempt  # checked below: the form's own token, bound to the link
@require_http_methods(["GET", "POST"])
def guest_invitation(request: HttpRequest, token: str) -> HttpResponse:
    if throttle.is_throttled(request):
        return _private(render(request, "rounds/throttled.html", status=429))
    invitee = _invitee_or_404(request, token)
    language, form_of_address = template_key(invitee.contact).split("-")
    with translation.override(language):
        form = AnswerForm(request.POST if request.method == "POST" else None)
        status = 200
        if request.method == "POST":
            if not throttle.may_answer(request):
                return _private(render(request, "rounds/throttled.html", status=429))
            forged = _from_elsewhere(request) or not form_check_ok(
                token, request.POST.get("check", "")
            )
            if forged:
                status = 403
                form = AnswerForm()  # nothing of a forged post is taken or shown
            elif form.is_valid():
                data = form.cleaned_data
                answer(invitee, data["answer"], data["message"])
                return _private(HttpResponseRedirect(request.path))
            else:
                status = 400
        response = render(
            request,
            "rounds/guest.html",
            _context(invitee, language, form_of_address == "sie", form)
            | {"check": form_check(token), "forged": status == 403},
            status=status,
        )
    return _private(response)


def _context(invitee: Invitee, language: str, formal: bool, form: AnswerForm) -> dict:
    round_ = invitee.round
    evening = round_.evening
    return {
        "language": language,
        "formal": formal,
        "host": profile_for(invitee.owner).display_name,
        "city": evening.place.name_in(language),
        "date": formats.date_format(evening.date, "DATE_FORMAT"),
        # "tonight" on the evening itself, in the place's time zone; the date otherwise.
        "tonight": evening.date == timezone.localtime(timezone=place_zone(evening.place)).date(),
        "time": round_.time.strftime("%H:%M") if round_.time else "",
        "restaurant": round_.restaurant,
        "state": page_state(invitee),
        "invitee": invitee,
        "form": form,
    }


@login_not_required
@require_safe
def guest_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The accepted guest's calendar file; any other link has none."""
    invitee = _invitee_or_404(request, token)
    meal = invitee.round.meal
    if invitee.answer != Invitee.Answer.ACCEPTED or meal is None:
        raise Http404
    language = template_key(invitee.contact)[:2]
    host = profile_for(invitee.owner).display_name
    response = HttpResponse(dinner_ics(meal, [host], language), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="dinner-{meal.date:%Y-%m-%d}.ics"'
    return _private(response)
