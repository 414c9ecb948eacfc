"""Adding, listing and removing sources, as the commands and pages do it."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from tafelrunde.owned import Owner
from tafelrunde.sync.errors import SyncError, gettext_noop
from tafelrunde.sync.http import Http
from tafelrunde.sync.models import Collection, Source


def checked_url(kind: str, address: str) -> str:
    """An http(s) URL; for an address book a bare domain or e-mail address is fine too (the
    server is found by RFC 6764 discovery)."""
    address = address.strip()
    if len(address) > 2000:
        raise SyncError(gettext_noop("the address is too long"), retry=False)
    if kind == Source.Kind.CARDDAV and "://" not in address:
        return address  # "example.com" or "anna@example.com"
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(
            gettext_noop("the address must start with https:// or http://"), retry=False
        )
    return address


def find_address_books(address: str, username: str, password: str) -> list:
    """The address books the account has there (carddav.AddressBookInfo)."""
    from tafelrunde.sync.carddav import discover_address_books

    with Http(username, password) as http:
        return discover_address_books(http, checked_url(Source.Kind.CARDDAV, address))


def add_source(
    owner: Owner,
    kind: str,
    address: str,
    *,
    username: str = "",
    password: str = "",
    name: str = "",
    books: list | None = None,
) -> Source:
    """A new source, due at once. An address book source takes the address books given (all
    that discovery finds when none are given); SyncError when there are none."""
    url = checked_url(kind, address)
    if kind == Source.Kind.CARDDAV:
        if books is None:
            books = find_address_books(url, username, password)
        if not books:
            raise SyncError(gettext_noop("this is not an address book"), retry=False)
        hrefs = [(book.url, book.name) for book in books]
    elif kind == Source.Kind.ICS:
        hrefs = [("", "")]
    else:
        raise SyncError(
            gettext_noop(
                "CalDAV calendars cannot be synced yet; add the calendar's .ics address as a "
                "feed instead"
            ),
            retry=False,
        )
    with transaction.atomic():
        source = Source(owner=owner, kind=kind, username=username[:250])
        source.set_url(url)
        source.set_password(password)
        source.name = (name or _default_name(source, hrefs))[:200]
        source.next_run_at = timezone.now()
        source.save()
        for href, collection_name in hrefs:
            Collection.objects.create(source=source, href=href, name=collection_name[:250])
    return source


def _default_name(source: Source, hrefs: list[tuple[str, str]]) -> str:
    names = [name for _href, name in hrefs if name]
    host = urlsplit(source.url_shown).hostname or source.url_shown
    return f"{names[0]} ({host})" if len(names) == 1 else host


def remove_source(source: Source) -> None:
    """The source and what it remembers of the server go; contacts and trips it brought stay."""
    source.delete()


def source_json(source: Source) -> dict:
    def moment(value):
        return value.isoformat(timespec="seconds") if value else None

    return {
        "id": source.pk,
        "kind": source.kind,
        "name": source.name,
        "url": source.url_shown,
        "username": source.username,
        "collections": [c.name or c.href for c in source.collections.all() if c.href]
        if source.kind == Source.Kind.CARDDAV
        else [],
        "last_sync": moment(source.last_success_at),
        "last_attempt": moment(source.last_attempt_at),
        "next_run": moment(source.next_run_at),
        "counts": source.last_counts or {},
        "last_error": error_text(source, translate=False) or None,
    }


def error_text(source: Source, translate: bool = True) -> str:
    """The source's last error in words, translated for a page unless asked otherwise."""
    if not source.last_error:
        return ""
    template = source.last_error
    if translate:
        from django.utils.translation import gettext

        template = gettext(template)
    params = source.last_error_params or {}
    try:
        return template % params if params else template
    except (KeyError, TypeError, ValueError):
        return source.last_error
