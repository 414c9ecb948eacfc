"""The account's own choice of language, over the browser's."""

from __future__ import annotations

from django.utils import translation

from tafelrunde.accounts.models import page_language_of
from tafelrunde.owned import Owner

# The session remembers the account's choice (set at login and on the settings page), so
# that pages cost no extra query; another device follows at its next login.
SESSION_KEY = "tafelrunde_page_language"


def remember_page_language(request, user: Owner) -> str:
    """Keep the account's choice ("" for the browser's language) in the session."""
    chosen = page_language_of(user)
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = chosen
    return chosen


def on_login(sender, request, user: Owner, **kwargs) -> None:
    """user_logged_in: read the account's choice once, at login."""
    remember_page_language(request, user)


class AccountLanguageMiddleware:
    """After LocaleMiddleware (the browser's language) and authentication: a logged-in
    account that chose a language under Settings gets its pages in that language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            chosen = request.session.get(SESSION_KEY)
            if chosen is None:  # a session from before the choice existed
                chosen = remember_page_language(request, user)
            if chosen:
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        return self.get_response(request)
