"""How often one client may answer invitations, and try links that open nothing.

Every answer and every unknown token is written down, then the last hour's are counted, as
for password-reset mails: requests arriving together never get past the limit. A guest
answers once; someone guessing tokens is stopped long before a guess could succeed (there
are 2^144 tokens).
"""

from __future__ import annotations

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.http import HttpRequest
from django.utils import timezone

from tafelrunde.rounds.models import GuestRequest

ANSWERS_PER_CLIENT = 20
MISSES_PER_CLIENT = 30
WINDOW = timedelta(hours=1)


def client_of(request: HttpRequest) -> str:
    return (get_client_ip_address(request) or "unknown")[:64]


def is_throttled(request: HttpRequest) -> bool:
    """Whether the client tried too many unknown links in the last hour (nothing written)."""
    since = timezone.now() - WINDOW
    recent = GuestRequest.objects.filter(client=client_of(request), at__gte=since, miss=True)
    return recent.count() >= MISSES_PER_CLIENT


def note_miss(request: HttpRequest) -> None:
    """A token that opens nothing: counted against the client."""
    _note(request, miss=True)


def may_answer(request: HttpRequest) -> bool:
    """Write the answer down; True while the client stays within its limits for the hour."""
    _note(request, miss=False)
    since = timezone.now() - WINDOW
    recent = GuestRequest.objects.filter(client=client_of(request), at__gte=since)
    return (
        recent.filter(miss=False).count() <= ANSWERS_PER_CLIENT
        and recent.filter(miss=True).count() < MISSES_PER_CLIENT
    )


def _note(request: HttpRequest, *, miss: bool) -> None:
    now = timezone.now()
    GuestRequest.objects.filter(at__lt=now - WINDOW).delete()
    GuestRequest.objects.create(client=client_of(request), miss=miss, at=now)
