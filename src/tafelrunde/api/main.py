"""The REST API under /api/v1/: one NinjaAPI, its routers, and its answers to errors."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.openapi.docs import ABS_TPL_PATH

from tafelrunde.api import bills, contacts, evenings, meals, notes, team_sharing, teams, trips
from tafelrunde.api.auth import BearerToken
from tafelrunde.api.strict import in_english, only_declared_query_parameters

BODY = "payload"  # every operation's name for its JSON body
DESCRIPTION = """\
Your network, trips, tonight's call list, calls and meals, as JSON.

Every request carries a personal token: `Authorization: Bearer tfr_…`. Make one under
Settings → API tokens, or with `tafelrunde token create`. A token acts for its owner only:
another account's rows answer 404, exactly as if they did not exist.
"""


class OwnOriginSwagger(Swagger):
    """ninja's docs page with its scripts from our own origin. ninja takes that page only when
    "ninja" is an installed app, which it is not (see settings.NINJA_DIR), and otherwise the
    one that loads them from a CDN: here that other one is the page from our own origin."""

    template_cdn = str(ABS_TPL_PATH / "swagger.html")


class TafelrundeAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__  # "list_contacts", not the module path

    def validation_error_from_error_contexts(self, error_contexts):
        """As ninja's, but a body field is at ["body", "place"], not ["body", "payload", …]:
        where the client put it, as in the errors of our own rules."""
        error = super().validation_error_from_error_contexts(error_contexts)
        for problem in error.errors:
            loc = tuple(problem["loc"])
            if loc[:2] == ("body", BODY):
                problem["loc"] = ("body", *loc[2:])
        return error


api = TafelrundeAPI(
    title="Tafelrunde",
    version="1",
    description=DESCRIPTION,
    auth=BearerToken(),
    urls_namespace="api-v1",
    # Served from our own origin (no CDN, no online validator), so the strict CSP holds.
    docs=OwnOriginSwagger(settings={"validatorUrl": None}),
)
api.add_decorator(in_english, mode="view")
api.add_decorator(only_declared_query_parameters)
api.add_router("/contacts", contacts.router)
api.add_router("/contacts", notes.router)
api.add_router("/trips", trips.router)
api.add_router("/", evenings.router)
api.add_router("/meals", meals.router)
api.add_router("/", bills.router)
api.add_router("/teams", teams.router)
api.add_router("/teams", team_sharing.router)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    response = api.create_response(
        request,
        {"detail": "A valid API token is needed: Authorization: Bearer <token>."},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    # The helpers' messages ("No contact with id 7.") say nothing about other accounts.
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(SuspiciousOperation)
def unreadable(request, exc):
    # Too large a body, too many fields: Django's own 400, as JSON.
    message = "The request body is too large." if isinstance(exc, RequestDataTooBig) else ""
    return api.create_response(
        request, {"detail": message or "The request cannot be read."}, status=400
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
