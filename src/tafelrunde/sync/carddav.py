"""A small CardDAV client: find a user's address books, learn what changed since the last
sync, and fetch the cards.

Why our own module: no well-kept CardDAV client library exists for Python; the `caldav`
library covers CalDAV only. CardDAV needs little beyond WebDAV (PROPFIND, REPORT
sync-collection, REPORT addressbook-multiget), so a few hundred lines over our bounded
`Http` suffice.

Server answers are untrusted: XML is parsed with defusedxml (no DOCTYPE, no entities), every
listing is bounded in size, and anything unreadable becomes a SyncError in words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

from tafelrunde.sync.errors import SyncError, gettext_noop
from tafelrunde.sync.http import Http, Response

DAV = "{DAV:}"
CARD = "{urn:ietf:params:xml:ns:carddav}"
# A listing (address books, or members of one) longer than this is refused.
MAX_MEMBERS = 100_000
MAX_REDIRECTS = 5
XML_HEADERS = {"Content-Type": "application/xml; charset=utf-8"}

__all__ = [
    "AddressBookInfo",
    "Changes",
    "Resource",
    "changes",
    "discover_address_books",
    "fetch_cards",
]


@dataclass
class AddressBookInfo:
    url: str  # absolute URL of the address book collection
    name: str  # displayname, or the last path segment
    sync_token: str = ""  # DAV:sync-token when offered


@dataclass
class Changes:
    changed: list[tuple[str, str]]  # (href, etag) new or changed; href = absolute URL
    removed: list[str]  # hrefs (absolute URLs) gone at the source
    sync_token: str  # new token ("" when the server offers none)


@dataclass
class Resource:
    href: str
    etag: str
    data: bytes


def not_readable() -> SyncError:
    return SyncError(gettext_noop("the server's answer could not be read"))


def not_an_address_book() -> SyncError:
    return SyncError(gettext_noop("this is not an address book"), retry=False)


def too_many() -> SyncError:
    return SyncError(
        gettext_noop("the address book has more than %(count)s entries"),
        count=MAX_MEMBERS,
        retry=False,
    )


def parse(content: bytes) -> Element:
    try:
        return fromstring(content)
    except (ParseError, DefusedXmlException, ValueError):
        raise not_readable() from None


def absolute(base: str, href: str) -> str:
    """The absolute URL of an href as a server answers it (a path, maybe percent-encoded),
    in one canonical spelling so that hrefs from different answers compare equal."""
    url = urljoin(base, href.strip())
    parts = urlsplit(url)
    # Decode then re-encode the path: "%40" and "@" become one spelling.
    path = quote_path(unquote(parts.path))
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def quote_path(path: str) -> str:
    """Percent-encode (UTF-8) all but the unreserved characters, sub-delims, ":", "@", "/"."""
    return quote(path, safe="!$&'()*+,;=:@/")


def same_collection(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


@dataclass
class _Member:
    href: str
    status: int  # status of the response (or of its found propstat)
    props: dict[str, Element]


def responses(root: Element, base: str) -> Iterator[_Member]:
    """The DAV:response elements of a multistatus answer, with the props found (200)."""
    if root.tag != DAV + "multistatus":
        raise not_readable()
    count = 0
    for response in root.iterfind(DAV + "response"):
        count += 1
        if count > MAX_MEMBERS:
            raise too_many()
        href_el = response.find(DAV + "href")
        if href_el is None or not (href_el.text or "").strip():
            continue
        status = status_code(response.find(DAV + "status"))
        found: dict[str, Element] = {}
        for propstat in response.iterfind(DAV + "propstat"):
            if status_code(propstat.find(DAV + "status")) != 200:
                continue
            prop = propstat.find(DAV + "prop")
            if prop is not None:
                for child in prop:
                    found[child.tag] = child
        if status == 0:
            status = 200 if found or response.find(DAV + "propstat") is not None else 0
        yield _Member(absolute(base, href_el.text or ""), status, found)


def status_code(element: Element | None) -> int:
    if element is None or not element.text:
        return 0
    match = re.match(r"\s*HTTP/\S+\s+(\d{3})", element.text)
    return int(match.group(1)) if match else 0


def text(props: dict[str, Element], tag: str) -> str:
    element = props.get(tag)
    return (element.text or "").strip() if element is not None else ""


def href_in(props: dict[str, Element], tag: str, base: str) -> str:
    element = props.get(tag)
    if element is None:
        return ""
    href = element.find(DAV + "href")
    if href is None or not (href.text or "").strip():
        return ""
    return absolute(base, href.text or "")


def is_address_book(props: dict[str, Element]) -> bool:
    resourcetype = props.get(DAV + "resourcetype")
    return resourcetype is not None and resourcetype.find(CARD + "addressbook") is not None


def is_other_collection(props: dict[str, Element]) -> bool:
    """A collection of another kind (a CalDAV calendar, a scheduling inbox …)."""
    resourcetype = props.get(DAV + "resourcetype")
    if resourcetype is None:
        return False
    return any(not child.tag.startswith(DAV) for child in resourcetype)


def propfind(http: Http, url: str, depth: str, props: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">'
        f"<d:prop>{props}</d:prop></d:propfind>"
    ).encode()
    # Redirects are followed here, not by the HTTP client: it would drop the body (and so
    # the props asked for) on a 301/302, as the .well-known address usually answers.
    for _ in range(MAX_REDIRECTS + 1):
        response = http.request(
            "PROPFIND",
            url,
            body=body,
            headers={**XML_HEADERS, "Depth": depth},
            allow_redirects=False,
            ok=(207, 301, 302, 303, 307, 308),
        )
        location = response.header("Location")
        if response.status == 207:
            response.url = response.url or url
            return response
        if not location:
            raise not_readable()
        url = urljoin(url, location)
        if urlsplit(url).scheme not in ("http", "https"):
            raise not_an_address_book()
    raise SyncError(gettext_noop("the server redirected too often"), retry=False)


BOOK_PROPS = "<d:resourcetype/><d:displayname/><d:sync-token/>"
FIND_PROPS = BOOK_PROPS + "<d:current-user-principal/><c:addressbook-home-set/>"


def book_info(member: _Member) -> AddressBookInfo:
    name = text(member.props, DAV + "displayname")
    if not name:
        name = unquote(urlsplit(member.href).path.rstrip("/").rsplit("/", 1)[-1])
    return AddressBookInfo(member.href, name, text(member.props, DAV + "sync-token"))


def start_urls(address: str) -> list[str]:
    address = address.strip()
    if not address:
        raise not_an_address_book()
    if "://" not in address:
        domain = address.rsplit("@", 1)[-1].strip("/")
        if not domain:
            raise not_an_address_book()
        return [f"https://{domain}/.well-known/carddav"]
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise not_an_address_book()
    url = address if parts.path else address + "/"
    well_known = urlunsplit((parts.scheme, parts.netloc, "/.well-known/carddav", "", ""))
    return [url] if same_collection(url, well_known) else [url, well_known]


def discover_address_books(http: Http, address: str) -> list[AddressBookInfo]:
    """address: a server URL, an address book URL, a bare domain ("example.com") or an
    e-mail address (its domain). RFC 6764: for a domain, try
    https://<domain>/.well-known/carddav (following redirects); for a URL, try the URL, and
    if that does not lead to a principal, <scheme://host>/.well-known/carddav. Then
    DAV:current-user-principal -> CARDDAV:addressbook-home-set -> PROPFIND Depth 1 listing
    the collections whose resourcetype contains CARDDAV:addressbook. If the URL itself is
    an address book, just it. None found -> SyncError("this is not an address book")."""
    last_error: SyncError | None = None
    for url in start_urls(address):
        try:
            found = _discover_from(http, url)
        except SyncError as error:
            if "refused the user name" in error.template:
                raise
            last_error = error
            continue
        if found is not None:
            if not found:
                raise not_an_address_book()
            return found
    if last_error is not None and last_error.template not in (
        "the address was not found on the server",
        "the server gave an unexpected answer (%(status)s)",
        "the server's answer could not be read",
    ):
        raise last_error
    raise not_an_address_book()


def _discover_from(http: Http, url: str) -> list[AddressBookInfo] | None:
    """The address books reached from `url`; None when it leads to no principal/home."""
    response = propfind(http, url, "0", FIND_PROPS)
    base = response.url or url
    members = list(responses(parse(response.content), base))
    if not members:
        return None
    own = members[0]
    if is_address_book(own.props):
        return [book_info(own)]
    if is_other_collection(own.props):
        return []  # a calendar, say: the user meant this very collection
    home = href_in(own.props, CARD + "addressbook-home-set", base)
    if not home:
        principal = href_in(own.props, DAV + "current-user-principal", base)
        if not principal:
            return None
        response = propfind(http, principal, "0", "<c:addressbook-home-set/>")
        members = list(responses(parse(response.content), response.url or principal))
        if not members:
            return None
        home = href_in(members[0].props, CARD + "addressbook-home-set", response.url)
        if not home:
            return None
    response = propfind(http, home, "1", BOOK_PROPS)
    books = [
        book_info(member)
        for member in responses(parse(response.content), response.url or home)
        if member.status == 200 and is_address_book(member.props)
    ]
    return books


def changes(http: Http, book_url: str, sync_token: str, known: dict[str, str]) -> Changes:
    """known = {href: etag} from the last sync. With a sync_token, RFC 6578 REPORT
    sync-collection (sync-level 1; members answered 404 are removed). If the server
    refuses the token (403/409, DAV:valid-sync-token) or has no sync-collection support,
    or there is no token: a PROPFIND Depth 1 getetag listing compared with `known`, and the
    DAV:sync-token prop if offered. An unchanged collection costs one request."""
    if sync_token:
        result = _sync_collection(http, book_url, sync_token)
        if result is not None:
            return result
    return _listing(http, book_url, known)


def _sync_collection(http: Http, book_url: str, sync_token: str) -> Changes | None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<d:sync-collection xmlns:d="DAV:"><d:sync-token>'
        f"{escape(sync_token)}</d:sync-token><d:sync-level>1</d:sync-level>"
        "<d:prop><d:getetag/></d:prop></d:sync-collection>"
    ).encode()
    response = http.request(
        "REPORT",
        book_url,
        body=body,
        headers={**XML_HEADERS, "Depth": "0"},
        ok=(207, 400, 403, 405, 409, 412, 415, 501),
    )
    if response.status != 207:
        return None  # token refused or no sync-collection: the listing decides
    root = parse(response.content)
    own = absolute(book_url, book_url)
    changed: list[tuple[str, str]] = []
    removed: list[str] = []
    for member in responses(root, book_url):
        if same_collection(member.href, own):
            continue
        if member.status == 404:
            removed.append(member.href)
        elif member.status == 200:
            etag = text(member.props, DAV + "getetag")
            changed.append((member.href, etag))
    token_el = root.find(DAV + "sync-token")
    token = (token_el.text or "").strip() if token_el is not None else ""
    return Changes(changed, removed, token)


def _listing(http: Http, book_url: str, known: dict[str, str]) -> Changes:
    response = propfind(http, book_url, "1", "<d:getetag/><d:resourcetype/><d:sync-token/>")
    own = absolute(book_url, book_url)
    known_canonical = {absolute(book_url, href): etag for href, etag in known.items()}
    listed: set[str] = set()
    changed: list[tuple[str, str]] = []
    token = ""
    for member in responses(parse(response.content), response.url or book_url):
        if same_collection(member.href, own):
            token = text(member.props, DAV + "sync-token")
            continue
        if member.status != 200 or DAV + "getetag" not in member.props:
            continue  # a sub-collection or something without an ETag is no card
        resourcetype = member.props.get(DAV + "resourcetype")
        if resourcetype is not None and resourcetype.find(DAV + "collection") is not None:
            continue
        etag = text(member.props, DAV + "getetag")
        listed.add(member.href)
        if known_canonical.get(member.href) != etag:
            changed.append((member.href, etag))
    removed = [href for href in known_canonical if href not in listed]
    return Changes(changed, removed, token)


def escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fetch_cards(
    http: Http, book_url: str, hrefs: list[str], batch_size: int = 200
) -> Iterator[list[Resource]]:
    """addressbook-multiget REPORT in batches; yields lists of Resource(href, etag, data:
    the vCard as UTF-8 bytes). Hrefs the server answers 404 for are skipped."""
    batch_size = max(1, batch_size)
    for start in range(0, len(hrefs), batch_size):
        batch = [absolute(book_url, href) for href in hrefs[start : start + batch_size]]
        paths = "".join(f"<d:href>{escape(urlsplit(href).path)}</d:href>" for href in batch)
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<c:addressbook-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">'
            f"<d:prop><d:getetag/><c:address-data/></d:prop>{paths}</c:addressbook-multiget>"
        ).encode()
        response = http.request(
            "REPORT", book_url, body=body, headers={**XML_HEADERS, "Depth": "1"}, ok=(207,)
        )
        wanted = set(batch)
        found: list[Resource] = []
        for member in responses(parse(response.content), response.url or book_url):
            if member.status != 200 or member.href not in wanted:
                continue
            data = member.props.get(CARD + "address-data")
            if data is None:
                continue
            card = data.text or ""
            found.append(Resource(member.href, text(member.props, DAV + "getetag"), card.encode()))
        yield found
