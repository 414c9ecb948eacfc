"""/api/v1/: the API, its schema and its docs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import URLResolver, include, path, re_path

from tafelrunde.api import views
from tafelrunde.api.bills import UPLOAD_LIMITS
from tafelrunde.api.main import api
from tafelrunde.request_body import accepts_uploads_up_to


def token_authenticated(patterns: list) -> list:
    """The API's views, exempt from the site's login: they check the token themselves."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            token_authenticated(pattern.url_patterns)
        else:
            login_not_required(pattern.callback)
    return patterns


def with_upload_limits(patterns: list) -> list:
    """The operations that take a photo accept a body that holds one (request_body)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            with_upload_limits(pattern.url_patterns)
        elif pattern.name in UPLOAD_LIMITS:
            accepts_uploads_up_to(UPLOAD_LIMITS[pattern.name])(pattern.callback)
    return patterns


# Not unpacked into module names: an `app_name` here would namespace the whole module.
api_urls = api.urls
urlpatterns = [
    path("api/v1/", views.api_index),  # before ninja's own root, which is only a 404
    path(
        "api/v1/",
        include((with_upload_limits(token_authenticated(api_urls[0])), api_urls[1]), api_urls[2]),
    ),
    re_path(r"^api/", views.api_not_found),  # JSON, not the site's HTML page
]
