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
    """An http(s) URL; for an address book or calendar server a bare domain or e-mail
    address is fine too (the server is found by RFC 6764 discovery)."""
    address = address.strip()
    if len(address) > 2000:
        raise SyncError(gettext_noop("the address is too long"), retry=False)
    if kind != Source.Kind.ICS and "://" not in address:
        return address  # "example.com" or "anna@example.com"
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(
            gettext_noop("the address must start with https:// or http://"), retry=False
        )
    return address


def find_collections(kind: str, address: str, username: str, password: str) -> list:
    """The address books (or calendars) the account has there, each with .url and .name."""
    url = checked_url(kind, address)
    if kind == Source.Kind.CALDAV:
        from tafelrunde.sync.calendars import discover_calendars

        return discover_calendars(url, username, password)
    from tafelrunde.sync.carddav import discover_address_books

    with Http(username, password) as http:
        return discover_address_books(http, url)


def add_source(
    owner: Owner,
    kind: str,
    address: str,
    *,
    username: str = "",
    password: str = "",
    name: str = "",
    only: list[str] | None = None,
    ask: bool = False,
) -> Source:
    """A new source. For an address book or CalDAV account, the collections found there:
    those named in `only` (by name or address), or all. With `ask`, when more than one is
    found, none is chosen and the source waits (next_run_at None) until the user picks
    (choose_collections); otherwise it is due at once. SyncError when nothing is found."""
    url = checked_url(kind, address)
    if kind == Source.Kind.ICS:
        found = [("", "")]
    elif kind in (Source.Kind.CARDDAV, Source.Kind.CALDAV):
        found = [(c.url, c.name) for c in find_collections(kind, url, username, password)]
        if not found:
            raise SyncError(_nothing_found(kind), retry=False)
        if only:
            found = _picked(kind, found, only)
    else:
        raise SyncError(gettext_noop("unknown kind of source: %(kind)s"), kind=kind, retry=False)
    waits = ask and len(found) > 1
    with transaction.atomic():
        source = Source(owner=owner, kind=kind, username=username[:250])
        source.set_url(url)
        source.set_password(password)
        source.name = (name or _default_name(source, found))[:200]
        source.next_run_at = None if waits else timezone.now()
        source.save()
        for href, collection_name in found:
            Collection.objects.create(
                source=source, href=href, name=collection_name[:250], chosen=not waits
            )
    return source


def _nothing_found(kind: str) -> str:
    if kind == Source.Kind.CALDAV:
        return gettext_noop("no calendar with events was found there")
    return gettext_noop("this is not an address book")


def _picked(kind: str, found: list[tuple[str, str]], only: list[str]) -> list[tuple[str, str]]:
    wanted = {value.strip().casefold() for value in only}
    picked = [(url, name) for url, name in found if {url.casefold(), name.casefold()} & wanted]
    if not picked:
        raise SyncError(
            gettext_noop("none of those was found there; found: %(names)s"),
            names=", ".join(name or url for url, name in found)[:500],
            retry=False,
        )
    return picked


def choose_collections(source: Source, chosen_ids: set[int]) -> None:
    """Sync these of the source's collections (and no others), starting now."""
    collections = list(source.collections.all())
    if not any(c.pk in chosen_ids for c in collections):
        raise SyncError(gettext_noop("choose at least one"), retry=False)
    with transaction.atomic():
        for collection in collections:
            chosen = collection.pk in chosen_ids
            if collection.chosen != chosen:
                collection.chosen = chosen
                collection.save(update_fields=["chosen"])
        Source.objects.filter(pk=source.pk).update(next_run_at=timezone.now())


def awaits_choice(source: Source) -> bool:
    """Added, but the user has not picked which collections to sync yet."""
    return (
        source.next_run_at is None
        and source.last_attempt_at is None
        and any(not c.chosen for c in source.collections.all())
    )


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
        "collections": [c.name or c.href for c in source.collections.all() if c.href and c.chosen],
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
