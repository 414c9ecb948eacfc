"""CalDAV calendars through the `caldav` library: a user's calendars found from a server
address (or a domain, by RFC 6764), and what changed in one since the last sync (RFC 6578
sync-collection where the server offers it, the library's full listing otherwise).

The library makes its own requests; it gets a BoundedSession, so every answer is bounded in
time and size like the rest of the sync, and whatever it raises becomes a SyncError in words.
Events become trips in sync.trips, by the rules of file import.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from caldav.davclient import DAVClient
from caldav.elements import dav
from caldav.lib import error as caldav_error
from caldav.lib.url import URL

from tafelrunde.sync.errors import SyncError, gettext_noop
from tafelrunde.sync.http import TIMEOUT_SECONDS, BoundedSession, network_errors, status_error

# A calendar with more events than this, or an account with more calendars, is refused.
MAX_MEMBERS = 100_000
MAX_CALENDARS = 200
FETCH = 200  # events per calendar-multiget request

__all__ = [
    "CalendarInfo",
    "Changes",
    "changes",
    "client",
    "discover_calendars",
    "fetch_events",
]


@dataclass
class CalendarInfo:
    url: str  # absolute URL of the calendar collection
    name: str  # displayname, or the last path segment


@dataclass
class Changes:
    changed: list[tuple[str, str]]  # (href, etag) new or changed since the last sync
    removed: list[str]  # hrefs gone at the source
    sync_token: str  # "" when the server offers none
    loaded: dict[str, bytes]  # event data the listing already brought, by href
    unchanged: int = 0


@contextmanager
def client(address: str, username: str, password: str) -> Iterator[DAVClient]:
    """A CalDAV client for the account; every failure inside the block is a SyncError."""
    with _errors():
        dav_client = DAVClient(
            url=address,
            username=username or None,
            password=password or None,
            timeout=TIMEOUT_SECONDS,
        )
        dav_client.session.close()
        dav_client.session = BoundedSession()
        try:
            yield dav_client
        finally:
            dav_client.close()


@contextmanager
def _errors() -> Iterator[None]:
    try:
        with network_errors(TIMEOUT_SECONDS):
            yield
    except caldav_error.AuthorizationError:
        raise status_error(401) from None
    except caldav_error.NotFoundError:
        raise status_error(404) from None
    except caldav_error.RateLimitError:
        raise status_error(429) from None
    except (caldav_error.DAVError, ValueError, LookupError):
        # lxml's XMLSyntaxError is a ValueError; a malformed answer may also end in a
        # KeyError or IndexError deep in the library.
        raise SyncError(
            gettext_noop("the server's answer could not be read"), retry=False
        ) from None


def discover_calendars(address: str, username: str, password: str) -> list[CalendarInfo]:
    """The account's calendars that hold events."""
    with client(address, username, password) as dav_client:
        calendars = dav_client.principal().calendars()
        found = []
        for calendar in calendars[:MAX_CALENDARS]:
            try:
                components = calendar.get_supported_components()
            except caldav_error.DAVError:
                components = []  # not said: it may hold events
            if components and "VEVENT" not in components:
                continue  # a task list
            url = str(calendar.url)
            name = calendar.get_display_name() or url.rstrip("/").rsplit("/", 1)[-1]
            found.append(CalendarInfo(url, str(name)[:250]))
        return found


def changes(dav_client: DAVClient, href: str, sync_token: str, known: dict[str, str]) -> Changes:
    """What changed in the calendar since `sync_token` ("" for a full listing); `known`
    maps the hrefs we hold to their etags. A token the server no longer accepts, or a
    server without sync-collection, falls back to the full listing."""
    with _errors():
        calendar = dav_client.calendar(url=href)
        result = calendar.get_objects_by_sync_token(
            sync_token=sync_token or None, load_objects=False
        )
        token = str(result.sync_token or "")
        listing = not sync_token or token.startswith("fake-")
        if token.startswith("fake-"):  # the library's own, for servers without tokens
            token = ""
        objects = list(result.objects)
        if len(objects) > MAX_MEMBERS:
            raise SyncError(
                gettext_noop("the calendar holds more than %(count)s events"), count=MAX_MEMBERS
            )
        deleted = {str(url) for url in result.deleted_urls}
        present: dict[str, str] = {}
        loaded: dict[str, bytes] = {}
        for obj in objects:
            url = str(obj.url.canonical())
            if url in deleted:
                continue
            present[url] = str(obj.props.get(dav.GetEtag.tag) or "")
            data = obj.data
            if data:
                loaded[url] = data.encode() if isinstance(data, str) else data
    if listing:
        removed = [url for url in known if url not in present]
    else:
        removed = [url for url in deleted if url in known]
    changed = [(url, etag) for url, etag in present.items() if not etag or known.get(url) != etag]
    return Changes(
        changed=changed,
        removed=removed,
        sync_token=token[:1000],
        loaded={url: loaded[url] for url, _etag in changed if url in loaded},
        unchanged=len(present) - len(changed),
    )


def fetch_events(
    dav_client: DAVClient, href: str, wanted: list[str], *, batch_size: int = FETCH
) -> Iterator[dict[str, bytes]]:
    """The events' data by href, a calendar-multiget per batch; an event gone meanwhile is
    left out."""
    with _errors():
        calendar = dav_client.calendar(url=href)
        for start in range(0, len(wanted), batch_size):
            urls = [URL.objectify(u) for u in wanted[start : start + batch_size]]
            batch: dict[str, bytes] = {}
            for obj in calendar.multiget(urls):
                data = obj.data
                if data:
                    batch[str(obj.url.canonical())] = (
                        data.encode() if isinstance(data, str) else data
                    )
            yield batch
