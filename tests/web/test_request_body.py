"""Request bodies are bounded before anything reads them: 413 for one too big for its page."""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

from tafelrunde.network.models import Contact
from tests.conftest import PASSWORD
from tests.network.test_import_pages import JOERG, text, upload

MB = 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A client that sent only its headers: reading the body is a test failure."""

    def __init__(self):
        self.was_read = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.was_read = True
        raise AssertionError("the body was read")


class StalledBody(UnreadableBody):
    """A client that stopped sending: the server's read times out, as on a real socket."""

    def readinto(self, buffer) -> int:
        self.was_read = True
        raise TimeoutError("timed out")


def send_headers_only(path, content_length=None, body=None, **headers):
    """Calls the whole application (every middleware) as a WSGI server would; returns the
    status, the answer and whether anything read the body."""
    body = body or UnreadableBody()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        # With a CSRF cookie (any page hands one out) the CSRF check reads the form's token.
        "HTTP_COOKIE": "csrftoken=" + "x" * 32,
        "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        **headers,
    }
    if content_length is not None:
        environ["CONTENT_LENGTH"] = str(content_length)
    answer = {}
    # As Django's test client does: the test's database connection, inside the test's
    # transaction, must outlive the request (on PostgreSQL it would be closed at its start).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda status, headers: answer.update(status=status))
        content = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], content.decode().replace("\xa0", " "), body.was_read


def test_a_50_mb_body_to_the_login_page_gets_413_without_being_read(db):
    status, answer, was_read = send_headers_only("/login/", 50 * MB)
    assert status.startswith("413")
    assert "too large" in answer and "1.0 MB" in answer
    assert not was_read


def test_the_refusal_speaks_the_browsers_language(db):
    status, answer, _ = send_headers_only("/login/", 50 * MB, HTTP_ACCEPT_LANGUAGE="de-DE,de")
    assert status.startswith("413")
    assert "zu groß" in answer


def test_an_upload_page_takes_more_but_not_without_bound(db):
    status, answer, was_read = send_headers_only(reverse("contact-import"), 50 * MB)
    assert status.startswith("413")
    assert "40.2 MB" in answer  # twice the import's 20 MB, so the form explains a bit too much
    assert not was_read


def test_a_body_of_unknown_length_is_refused_before_reading(db):
    status, answer, was_read = send_headers_only("/login/", HTTP_TRANSFER_ENCODING="chunked")
    assert status.startswith("411")
    assert "length" in answer
    assert not was_read


@pytest.mark.parametrize("length", ["lots", "-1"])
def test_a_nonsense_length_is_a_bad_request(db, length):
    status, _answer, was_read = send_headers_only("/login/", length)
    assert status.startswith("400")
    assert not was_read


def test_a_normal_login_still_works(client, owner):
    response = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_an_import_bigger_than_a_form_but_under_the_upload_limit_goes_in(owner_client, owner):
    card = JOERG.replace("END:VCARD", "NOTE:" + "Schraubenlieferant. " * 150_000 + "\nEND:VCARD")
    assert 2 * MB < len(card) < 20 * MB
    response = upload(owner_client, ("iphone.vcf", card))
    assert response.status_code == 302, text(response)
    assert Contact.objects.filter(owner=owner, family_name="Müller").exists()


def test_an_upload_that_stalls_is_a_clear_400_not_a_server_error(owner_client):
    session = owner_client.cookies["sessionid"].value
    status, answer, was_read = send_headers_only(
        reverse("contact-import"),
        5 * MB,
        body=StalledBody(),
        HTTP_COOKIE=f"sessionid={session}",
    )
    assert was_read
    assert status.startswith("400")
    assert "could not be read" in answer
