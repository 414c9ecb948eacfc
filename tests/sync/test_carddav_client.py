"""The CardDAV client against a real Radicale server, and against servers that misbehave."""

from __future__ import annotations

import http.server
import re
import socket
import threading
from collections.abc import Iterator

import pytest

from tafelrunde.sync import carddav
from tafelrunde.sync.errors import SyncError
from tafelrunde.sync.http import Http
from tests.conftest import CORPUS
from tests.sync.radicale_server import USERS, RadicaleServer, vcard

CARDS = CORPUS / "vcard"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[RadicaleServer]:
    with RadicaleServer(tmp_path_factory.mktemp("radicale")) as radicale:
        radicale.make_address_book("anna", "contacts", "Kontakte")
        radicale.make_calendar("anna", "calendar", "Termine")
        yield radicale


def anna() -> Http:
    return Http("anna", USERS["anna"])


def corpus_card(name: str) -> bytes:
    """A real card from the corpus; Radicale wants a UID, which some phones leave out."""
    data = (CARDS / name).read_bytes()
    if re.search(rb"(?m)^UID[:;]", data):
        return data
    uid = b"UID:corpus-" + name.encode() + b"\r\n"
    return re.sub(rb"BEGIN:VCARD\r?\n", lambda found: found.group(0) + uid, data, count=1)


def test_discovery_from_server_root(server):
    with anna() as http:
        books = carddav.discover_address_books(http, server.url)
    assert [(book.url, book.name) for book in books] == [
        (server.url + "anna/contacts/", "Kontakte")
    ]
    assert books[0].sync_token


def test_discovery_from_bare_host_and_port(server):
    with anna() as http:
        books = carddav.discover_address_books(http, server.url.rstrip("/"))
    assert [book.url for book in books] == [server.url + "anna/contacts/"]


def test_discovery_from_address_book_url(server):
    url = server.url + "anna/contacts/"
    with anna() as http:
        books = carddav.discover_address_books(http, url)
    assert [(book.url, book.name) for book in books] == [(url, "Kontakte")]


def test_wrong_password_is_refused(server):
    with Http("anna", "wrong") as http, pytest.raises(SyncError) as caught:
        carddav.discover_address_books(http, server.url)
    assert caught.value.retry is False
    assert "refused" in caught.value.text


def test_calendar_is_not_an_address_book(server):
    with anna() as http, pytest.raises(SyncError) as caught:
        carddav.discover_address_books(http, server.url + "anna/calendar/")
    assert caught.value.text == "this is not an address book"
    assert caught.value.retry is False


def test_plain_web_page_is_not_an_address_book():
    with (
        PlainServer(b"<html>hello</html>", status=200) as url,
        Http() as http,
        pytest.raises(SyncError) as caught,
    ):
        carddav.discover_address_books(http, url + "page.html")
    assert caught.value.text == "this is not an address book"


def test_listing_incremental_and_fetch(server):
    server.make_address_book("anna", "sync", "Sync")
    book = server.url + "anna/sync/"
    server.put("anna", "sync", "gmail2.vcf", corpus_card("gmail-single2.vcf"))
    server.put("anna", "sync", "gmail single.vcf", corpus_card("gmail-single.vcf"))
    with anna() as http:
        first = carddav.changes(http, book, "", {})
        hrefs = sorted(href for href, _ in first.changed)
        assert hrefs == [book + "gmail%20single.vcf", book + "gmail2.vcf"]
        assert first.removed == [] and first.sync_token
        known = dict(first.changed)

        batches = list(carddav.fetch_cards(http, book, [*hrefs, book + "gone.vcf"], batch_size=1))
        cards = {card.href: card for batch in batches for card in batch}
        assert len(batches) == 3 and set(cards) == set(hrefs)
        assert b"FN:VCard Test" in cards[book + "gmail2.vcf"].data
        assert cards[book + "gmail2.vcf"].etag == known[book + "gmail2.vcf"]

        # Unchanged: one request, nothing to do.
        before = http.requests
        same = carddav.changes(http, book, first.sync_token, known)
        assert (same.changed, same.removed) == ([], [])
        assert http.requests == before + 1

        server.put("anna", "sync", "evolution.vcf", corpus_card("John_Doe_EVOLUTION.vcf"))
        server.put(
            "anna", "sync", "gmail2.vcf", vcard("John Changed", uid="corpus-gmail-single2.vcf")
        )
        server.delete("anna", "sync", "gmail single.vcf")

        by_token = carddav.changes(http, book, first.sync_token, known)
        by_etag = carddav.changes(http, book, "", known)
        by_bad_token = carddav.changes(http, book, "http://radicale.org/ns/sync/nonsense", known)
    for result in (by_token, by_etag, by_bad_token):
        assert sorted(href for href, _ in result.changed) == [
            book + "evolution.vcf",
            book + "gmail2.vcf",
        ]
        assert result.removed == [book + "gmail%20single.vcf"]
        assert result.sync_token and result.sync_token != first.sync_token


def test_hrefs_compare_whatever_their_spelling(server):
    server.make_address_book("anna", "spelling", "Spelling")
    book = server.url + "anna/spelling/"
    server.put("anna", "spelling", "a@b.vcf", corpus_card("issue114.vcf"))
    with anna() as http:
        first = carddav.changes(http, book, "", {})
        known = {href.replace("@", "%40"): etag for href, etag in first.changed}
        again = carddav.changes(http, book, "", known)
    assert (again.changed, again.removed) == ([], [])


# Servers that misbehave.


class PlainServer:
    """A tiny HTTP server answering every request with the same body."""

    def __init__(self, body: bytes, status: int = 207):
        self.body = body
        self.status = status

    def __enter__(self) -> str:
        body, status = self.body, self.status

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self.send_response(status)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PROPFIND = do_REPORT = answer

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *exc_info) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.parametrize(
    "body",
    [
        b"<d:multistatus xmlns:d='DAV:'><d:response>",
        b"not xml at all",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        b"<html><body>hello</body></html>",
    ],
)
def test_malformed_xml_is_a_clean_error(body):
    with PlainServer(body) as url, Http() as http, pytest.raises(SyncError) as caught:
        carddav.changes(http, url + "book/", "", {})
    assert caught.value.text == "the server's answer could not be read"


class RawServer:
    """A socket server that sends `reply` (maybe nothing) and then closes or hangs."""

    def __init__(self, reply: bytes, hang: bool = False):
        self.reply = reply
        self.hang = hang
        self.done = threading.Event()

    def __enter__(self) -> str:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/"

    def serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.recv(65536)
            if self.reply:
                conn.sendall(self.reply)
            if self.hang:
                self.done.wait(5)

    def __exit__(self, *exc_info) -> None:
        self.done.set()
        self.sock.close()
        self.thread.join(5)


def test_connection_dropped_mid_answer():
    half = (
        b"HTTP/1.1 207 Multi-Status\r\nContent-Type: application/xml\r\n"
        b"Content-Length: 5000\r\n\r\n<d:multistatus xmlns:d='DAV:'><d:resp"
    )
    with RawServer(half) as url, Http(timeout=5) as http, pytest.raises(SyncError) as caught:
        carddav.changes(http, url + "book/", "", {})
    assert caught.value.text in (
        "the connection to the server broke off",
        "the server could not be reached",
        "the server's answer could not be read",
    )


def test_server_that_never_answers():
    with (
        RawServer(b"", hang=True) as url,
        Http(timeout=1) as http,
        pytest.raises(SyncError) as caught,
    ):
        carddav.changes(http, url + "book/", "", {})
    assert caught.value.text == "the server did not answer within 1 s"


@pytest.mark.parametrize(
    ("address", "urls"),
    [
        ("example.com", ["https://example.com/.well-known/carddav"]),
        ("anna@example.com", ["https://example.com/.well-known/carddav"]),
        (
            "https://dav.example.com/remote.php/dav",
            [
                "https://dav.example.com/remote.php/dav",
                "https://dav.example.com/.well-known/carddav",
            ],
        ),
        (
            "https://example.com",
            ["https://example.com/", "https://example.com/.well-known/carddav"],
        ),
    ],
)
def test_where_discovery_starts(address, urls):
    assert carddav.start_urls(address) == urls


@pytest.mark.parametrize("address", ["", "ftp://example.com/", "anna@"])
def test_no_address_is_not_an_address_book(address):
    with Http() as http, pytest.raises(SyncError) as caught:
        carddav.discover_address_books(http, address)
    assert caught.value.text == "this is not an address book"
