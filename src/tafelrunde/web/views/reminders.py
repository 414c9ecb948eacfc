"""Settings → Reminders (/settings/reminders/): the trip digest, the afternoon nudge and the
weekly small attentions, each on or off and when; and the one-click "switch off" link that
every reminder mail carries (no login: the signed link is the permission)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from tafelrunde.owned import OwnerRequest
from tafelrunde.reminders.forms import ReminderSettingsForm
from tafelrunde.reminders.models import Kind, Message, ReminderSettings, settings_for
from tafelrunde.reminders.outbox import read_unsubscribe_token


@require_http_methods(["GET", "POST"])
def reminder_settings(request: OwnerRequest) -> HttpResponse:
    prefs = settings_for(request.user)
    form = ReminderSettingsForm(request.POST if request.method == "POST" else None, instance=prefs)
    if form.is_valid():
        form.save()
        messages.success(request, _("Reminders saved."))
        return redirect("reminder-settings")
    recent = Message.objects.owned_by(request.user).exclude(status=Message.Status.EMPTY)[:10]
    return render(
        request,
        "reminders/settings.html",
        {"form": form, "recent": recent, "has_email": bool(request.user.email)},
    )


@login_not_required
@csrf_exempt  # mail programs' one-click unsubscribe (RFC 8058) posts without a form
@require_http_methods(["GET", "POST"])
def reminders_off(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page that asks; POST: that kind of reminder is switched off."""
    found = read_unsubscribe_token(token)
    owner = get_user_model().objects.filter(pk=found[0]).first() if found else None
    if found is None or owner is None:
        raise Http404("No such link.")
    kind = Kind(found[1])
    done = request.method == "POST"
    if done:
        prefs, _created = ReminderSettings.objects.get_or_create(owner=owner)
        setattr(prefs, kind.value, False)
        prefs.save(update_fields=[kind.value])
    response = render(request, "reminders/off.html", {"kind": kind, "done": done})
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
