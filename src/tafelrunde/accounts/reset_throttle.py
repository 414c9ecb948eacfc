"""How often a password-reset mail may be asked for: per address and per client.

Every request is written down, then the last hour's are counted: as each request counts
after writing itself down, requests arriving together never get past the limit. The page
that follows is the same whether a mail went out or not, so nobody learns from it whether
an address has an account, or was throttled.
"""

from __future__ import annotations

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from tafelrunde.accounts.models import PasswordResetRequest

MAILS_PER_ADDRESS = 3
REQUESTS_PER_CLIENT = 10
WINDOW = timedelta(hours=1)


def address_key(email: str) -> str:
    """The address as it is kept: a keyed hash, the same for any spelling of its case."""
    return salted_hmac("tafelrunde.password-reset", email.strip().lower()).hexdigest()


def may_send_reset_mail(request: HttpRequest, email: str) -> bool:
    """Write the request down; True while the address and the client (the same address the
    login lockout uses) stay within their limits for the last hour."""
    now = timezone.now()
    since = now - WINDOW
    PasswordResetRequest.objects.filter(requested_at__lt=since).delete()
    key = address_key(email)
    client = get_client_ip_address(request)
    PasswordResetRequest.objects.create(address_key=key, client=client, requested_at=now)
    recent = PasswordResetRequest.objects.filter(requested_at__gte=since)
    return (
        recent.filter(address_key=key).count() <= MAILS_PER_ADDRESS
        and recent.filter(client=client).count() <= REQUESTS_PER_CLIENT
    )
