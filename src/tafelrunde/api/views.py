"""The API tokens page (/settings/tokens/), and the API's own JSON answers outside ninja:
/api/v1/ itself and URLs that name no operation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tafelrunde.api.forms import TokenForm
from tafelrunde.api.tokens import create_token, get_token_for, revoke_token, tokens_of
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
    token = revoke_token(get_token_for(request.user, pk))
    messages.success(request, _("Revoked the token “%(name)s”.") % {"name": token.name})
    return redirect("api-tokens")


@login_not_required
def api_index(request: HttpRequest) -> JsonResponse:
    """/api/v1/ itself: where the description and the docs are."""
    return JsonResponse(
        {"openapi": reverse("api-v1:openapi-json"), "docs": reverse("api-v1:openapi-view")}
    )


@csrf_exempt
@login_not_required
def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """An /api/ URL that names no operation: JSON like the API's other answers."""
    return JsonResponse({"detail": "No such API operation; see /api/v1/docs."}, status=404)
