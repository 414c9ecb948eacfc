"""Each guest's personal link: an unguessable token (144 bits), found by its SHA-256 and kept
sealed so that the host can send it again; a malformed or unknown token finds nothing."""

from __future__ import annotations

import hashlib
import re
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from tafelrunde.rounds.models import Invitee
from tafelrunde.sync.secret_box import SecretUnavailable, seal, unseal

TOKEN_BYTES = 18  # 144 bits, 24 characters
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> tuple[str, str, str]:
    """(token, its hash, the token sealed)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token), seal(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def guest_url(token: str) -> str:
    return settings.TAFELRUNDE_BASE_URL + reverse("guest-invitation", kwargs={"token": token})


def link_of(invitee: Invitee) -> str:
    """The guest's link again, "" when the key to open it was lost."""
    try:
        token = unseal(invitee.token_sealed)
    except SecretUnavailable:
        return ""
    return guest_url(token) if token else ""


def invitee_for(token: str) -> Invitee | None:
    """The invitation a guest's token opens; None for anything else, at the same cost."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    found = Invitee.objects.select_related(
        "round__evening__place", "contact", "owner", "attempt"
    ).filter(token_hash=token_hash(token))
    return found.first()


def form_check(token: str) -> str:
    """The guest form's own CSRF token: bound to the link, needing no cookie (the guest has no
    session, the page sends no referrer, so browsers send `Origin: null` and a cookie may be
    blocked in a messenger's browser). Only a page served for the link carries it."""
    return salted_hmac("tafelrunde.rounds.guest-form", token_hash(token)).hexdigest()


def form_check_ok(token: str, given: str) -> bool:
    return constant_time_compare(form_check(token), given or "")
