"""The API's own JSON answers outside ninja: /api/v1/ itself and URLs that name no operation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt


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
