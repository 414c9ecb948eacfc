"""The app on the phone's home screen: the web app manifest and the service worker.

Both are public (the login page links the manifest too) and hold nothing of an account.
The service worker is served from the site's root, so that its scope is the whole site;
its code is static/tafelrunde/sw.js, headed by the list of files it keeps (the app
shell) and a version that changes with any of them, so a changed file installs anew.
"""

from __future__ import annotations

import functools
import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

THEME_COLOUR, BACKGROUND_COLOUR = "#7a2e12", "#ffffff"  # --accent and --paper in site.css
ICONS = "tafelrunde/icons/"
# What the pages need, kept by the service worker from its install on. Not the icons: the
# home screen has them already, and a page offline does without.
SHELL = (
    "tafelrunde/site.css",
    "tafelrunde/pwa.js",
    "tafelrunde/queue.js",
    "evenings/tonight.js",
    "network/notes.js",
    "evenings/rounds.js",
)
SERVICE_WORKER = "tafelrunde/sw.js"
MANIFEST_MAX_AGE = 24 * 60 * 60  # a day: the name and icons seldom change


@login_not_required
@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    """/manifest.webmanifest: what "Add to Home Screen" makes of the site."""
    icon = functools.partial(_icon, kind="image/png")
    body = {
        "id": reverse("tonight"),
        "name": "Tafelrunde",
        "short_name": "Tafelrunde",
        "description": _("Whom to call for dinner tonight, wherever you are."),
        "lang": get_language() or "en",
        "start_url": reverse("tonight"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            icon("icon-192.png", "192x192", "any"),
            icon("icon-512.png", "512x512", "any"),
            icon("maskable-512.png", "512x512", "maskable"),
        ],
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    response["Cache-Control"] = f"public, max-age={MANIFEST_MAX_AGE}"
    response["Vary"] = "Accept-Language, Cookie"  # the description is in the page's language
    return response


def _icon(name: str, size: str, purpose: str, kind: str) -> dict:
    return {"src": static(f"{ICONS}{name}"), "sizes": size, "type": kind, "purpose": purpose}


@login_not_required
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """/sw.js: the service worker, for the whole site; the browser asks for it anew on
    each visit (no-cache), and installs it again when a byte changed."""
    response = HttpResponse(service_worker_code(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@functools.cache
def service_worker_code() -> str:
    """sw.js headed by the shell's addresses and a version made of all their contents."""
    digest = hashlib.sha256()
    for name in (SERVICE_WORKER, *SHELL):
        path = finders.find(name)
        if not path:
            raise FileNotFoundError(f"The static file {name} is missing.")
        with open(path, "rb") as file:
            digest.update(file.read())
    with open(finders.find(SERVICE_WORKER), encoding="utf-8") as file:  # type: ignore[arg-type]
        code = file.read()
    head = {
        "VERSION": digest.hexdigest()[:12],
        "SHELL": [static(name) for name in SHELL],
        "LOGOUT": reverse("logout"),
    }
    lines = [f"var {name} = {json.dumps(value)};" for name, value in head.items()]
    return "\n".join([*lines, code])
