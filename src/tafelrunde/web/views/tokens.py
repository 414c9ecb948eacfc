"""The API tokens page (/settings/tokens/): the owner's tokens, a new one shown once."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tafelrunde.api.forms import TokenForm
from tafelrunde.api.models import ApiToken
from tafelrunde.api.tokens import create_token, revoke_token, tokens_of
from tafelrunde.owned import OwnerRequest


@require_http_methods(["GET", "POST"])
def token_settings(request: OwnerRequest) -> HttpResponse:
    """The owner's tokens; a new one is shown once, on the answer to the form that made it."""
    form = TokenForm(request.POST if request.method == "POST" else None, request=request)
    new = None
    if form.is_valid():
        new = create_token(request.user, form.cleaned_data["name"])
        form = TokenForm(request=request)
    context = {
        "form": form,
        "new": new,
        "tokens": tokens_of(request.user),
        "docs_url": reverse("api-v1:openapi-view"),
        "schema_url": reverse("api-v1:openapi-json"),
    }
    response = render(request, "api/tokens.html", context)
    if new is not None:
        add_never_cache_headers(response)  # the secret must not linger in a cache
    return response


@require_POST
def token_revoke(request: OwnerRequest, pk: int) -> HttpResponse:
    token = revoke_token(ApiToken.objects.owned_by(request.user).get_or_404(pk))
    messages.success(request, _("Revoked the token “%(name)s”.") % {"name": token.name})
    return redirect("api-tokens")
