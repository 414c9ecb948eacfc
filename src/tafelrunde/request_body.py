"""How big a request's body may be, checked before anything reads it.

Django reads a POST body the first time something asks for `request.POST` (the CSRF check
does, before any view), and writes its file parts to a temporary folder as they arrive. So
the size must be judged from the request's headers, first of all: `RequestBodyLimit` stands
first in the middleware and answers 413 when the announced length is over the page's limit,
and 411 when no length is announced at all (a chunked body), without reading a byte. A body
that stops arriving midway is a 400 with a message, not a server error.

Every page takes `default_max_body()` (Django's own bound for form fields kept in memory);
a page that takes uploads says how much with `@accepts_uploads_up_to(...)`, from the same
constant its form checks. A reverse proxy in front should set its own limit too (README).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Room for the form's other fields and the multipart framing around the files.
FORM_OVERHEAD = 256 * 1024
LENGTH_REQUIRED = _("Please send the length of the request.")
LENGTH_NOT_A_NUMBER = _("The length of the request is not a number.")
TOO_LARGE = _("The request is too large: at most %(size)s are accepted here.")
UNREADABLE = _("The upload could not be read. Please try again.")


def default_max_body() -> int:
    """The limit of every page that takes no uploads."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def accepts_uploads_up_to(files_limit: int) -> Callable:
    """Decorator: this view takes files of up to `files_limit` bytes together, with a form.

    Its body may be twice that: a file somewhat too big still reaches the form, which says
    what the limit is; only beyond that comes the bare 413."""

    def decorate(view: Callable) -> Callable:
        view.max_body_bytes = 2 * files_limit + FORM_OVERHEAD  # type: ignore[attr-defined]
        return view

    return decorate


def max_body_for(path: str) -> int:
    """The most bytes of body the page at `path` accepts."""
    try:
        view = resolve(path).func
    except Resolver404:
        return default_max_body()
    return getattr(view, "max_body_bytes", default_max_body())


class RequestBodyLimit:
    """First middleware: refuses a body that is too big, or of unknown size, before it is read."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = refuse_body(request)
        return refusal if refusal is not None else self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        # The client stopped sending its body (the server's read timed out) or went away.
        if isinstance(exception, UnreadablePostError):
            return _answer(request, 400, UNREADABLE)
        return None


def refuse_body(request: HttpRequest) -> HttpResponse | None:
    """A 400, 411 or 413 answer for a body this page will not take, else None."""
    announced = request.META.get("CONTENT_LENGTH") or ""
    if not announced:
        if "HTTP_TRANSFER_ENCODING" in request.META:  # a body of unknown length follows
            return _answer(request, 411, LENGTH_REQUIRED)
        return None
    try:
        length = int(announced)
    except ValueError:
        length = -1
    if length < 0:
        return _answer(request, 400, LENGTH_NOT_A_NUMBER)
    if length <= default_max_body():  # every page takes that much: no need to find the view
        return None
    limit = max_body_for(request.path_info)
    if length > limit:
        return _answer(request, 413, TOO_LARGE, limit)
    return None


def _answer(request: HttpRequest, status: int, text, limit: int | None = None) -> HttpResponse:
    json = request.content_type == "application/json"
    # A JSON client (the API) gets JSON in English, like all the API's answers; a browser
    # gets its own language (LocaleMiddleware has not run yet).
    language = "en" if json else translation.get_language_from_request(request)
    with translation.override(language):
        message = str(text) if limit is None else text % {"size": filesizeformat(limit)}
    if json:
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")
