"""A real Radicale CardDAV/CalDAV server for the tests, from the locked dev dependencies,
started on a free loopback port with its own storage and two users (plain htpasswd).

    with RadicaleServer(tmp_path) as server:
        server.make_address_book("anna", "contacts", "Kontakte")
        server.put("anna", "contacts", "john.vcf", vcard_bytes)
        url = server.url   # http://127.0.0.1:PORT/
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import niquests

USERS = {"anna": "anna-app-password", "bert": "bert-app-password"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RadicaleServer:
    def __init__(self, directory: Path):
        self.directory = directory
        self.storage = directory / "collections"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> RadicaleServer:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        users = self.directory / "users"
        users.write_text("".join(f"{name}:{password}\n" for name, password in USERS.items()))
        config = self.directory / "config"
        config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {users}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {self.storage}\n"
            "[logging]\n"
            "level = warning\n"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"Radicale did not start: {err}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("Radicale did not answer within 20 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        self.process = None

    # Collections are made through the server (MKCOL/MKCALENDAR), so that it knows them as
    # a client-made collection would be.

    def session(self, user: str) -> niquests.Session:
        session = niquests.Session()
        session.auth = (user, USERS[user])
        return session

    def collection_url(self, user: str, collection: str) -> str:
        return f"{self.url}{user}/{collection}/"

    def make_address_book(self, user: str, collection: str, name: str = "") -> str:
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">'
            "<D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>"
            f"<D:displayname>{name or collection}</D:displayname></D:prop></D:set></D:mkcol>"
        )
        return self._make(user, collection, "MKCOL", body)

    def make_calendar(self, user: str, collection: str, name: str = "") -> str:
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            f"<D:set><D:prop><D:displayname>{name or collection}</D:displayname>"
            "</D:prop></D:set></C:mkcalendar>"
        )
        return self._make(user, collection, "MKCALENDAR", body)

    def _make(self, user: str, collection: str, method: str, body: str) -> str:
        url = self.collection_url(user, collection)
        with self.session(user) as session:
            answer = session.request(
                method, url, data=body.encode(), headers={"Content-Type": "application/xml"}
            )
        if answer.status_code != 201:
            raise RuntimeError(f"{method} {url}: {answer.status_code} {answer.text}")
        return url

    def put(self, user: str, collection: str, name: str, data: bytes) -> str:
        """Store one card or calendar object; returns its URL."""
        url = self.collection_url(user, collection) + name
        content_type = (
            "text/calendar" if data.lstrip().startswith(b"BEGIN:VCALENDAR") else ("text/vcard")
        )
        with self.session(user) as session:
            answer = session.put(url, data=data, headers={"Content-Type": content_type})
        if answer.status_code not in (201, 204):
            raise RuntimeError(f"PUT {url}: {answer.status_code} {answer.text}")
        return url

    def delete(self, user: str, collection: str, name: str) -> None:
        url = self.collection_url(user, collection) + name
        with self.session(user) as session:
            answer = session.delete(url)
        if answer.status_code not in (200, 204):
            raise RuntimeError(f"DELETE {url}: {answer.status_code} {answer.text}")

    def seed_files(self, user: str, collection: str, items: dict[str, bytes]) -> None:
        """Many items at once, written straight into the storage of an existing collection
        (for benchmarks: 10,000 PUTs would measure Radicale, not us)."""
        folder = self.storage / "collection-root" / user / collection
        if not (folder / ".Radicale.props").exists():
            raise RuntimeError(f"{user}/{collection} does not exist; make it first")
        for name, data in items.items():
            (folder / name).write_bytes(data)


def vcard(
    full_name: str,
    *,
    uid: str | None = None,
    tel: str = "",
    email: str = "",
    org: str = "",
    city: str = "",
    country: str = "",
) -> bytes:
    """A small vCard 3.0, as a phone would store it."""
    given, _, family = full_name.rpartition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:{uid or uuid.uuid4()}",
        f"FN:{full_name}",
        f"N:{family};{given};;;",
    ]
    if org:
        lines.append(f"ORG:{org}")
    if tel:
        lines.append(f"TEL;TYPE=CELL:{tel}")
    if email:
        lines.append(f"EMAIL;TYPE=INTERNET:{email}")
    if city or country:
        lines.append(f"ADR;TYPE=WORK:;;;{city};;;{country}")
    lines.append("END:VCARD")
    return ("\r\n".join(lines) + "\r\n").encode()


def props(folder: Path) -> dict:
    return json.loads((folder / ".Radicale.props").read_text())
