"""The settings page: the account's name and e-mail, and the host's profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tafelrunde.accounts.forms import AccountForm, ProfileForm
from tafelrunde.accounts.middleware import SESSION_KEY
from tafelrunde.accounts.models import profile_for
from tafelrunde.owned import OwnerRequest
from tafelrunde.reminders.feed import feed_url


@require_http_methods(["GET", "POST"])
def settings_page(request: OwnerRequest) -> HttpResponse:
    user = get_user_model().objects.get(pk=request.user.pk)
    profile = profile_for(user)
    data = request.POST if request.method == "POST" else None
    account_form = AccountForm(data, instance=user)
    profile_form = ProfileForm(data, instance=profile)
    if data is not None and all([account_form.is_valid(), profile_form.is_valid()]):
        with transaction.atomic():
            account_form.save()
            profile_form.save()
        # From now on, and already in this message: the language just chosen.
        request.session[SESSION_KEY] = profile.page_language
        browser = translation.get_language_from_request(request)
        translation.activate(profile.page_language or browser)
        messages.success(request, _("Settings saved."))
        return redirect("settings")
    context = {
        "account_form": account_form,
        "profile_form": profile_form,
        "profile": profile,
        "feed_url": feed_url(user, make=False),
    }
    response = render(request, "accounts/settings.html", context)
    if context["feed_url"]:
        add_never_cache_headers(response)  # the feed's secret address must not linger in a cache
    return response
