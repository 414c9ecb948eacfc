"""Bad arguments on the real command line: one "Error:" line and exit status 1, no traceback."""

import os
import socket
import subprocess
import sys

import pytest

LATIN_1_NAME = os.fsdecode(b"M\xfcller")  # "Müller" typed in a Latin-1 terminal


def tafelrunde(
    data_dir, *args: str, stdin: bytes = b"", lang: str = "C.UTF-8"
) -> subprocess.CompletedProcess:
    """The program as a user runs it; arguments go out as the bytes they stand for."""
    env = {
        "TAFELRUNDE_DATA_DIR": str(data_dir),
        "TAFELRUNDE_PLACES_DIR": os.environ["TAFELRUNDE_PLACES_DIR"],
        "PATH": "/usr/bin:/bin",
        "LANG": lang,
        "DJANGO_SUPERUSER_PASSWORD": "a long test password",
    }
    return subprocess.run(
        [sys.executable, "-m", "tafelrunde.cli", *(os.fsencode(arg) for arg in args)],
        capture_output=True,
        timeout=120,
        env=env,
        input=stdin,
    )


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    """A data directory with one account and one contact, Anna Weber."""
    data_dir = tmp_path_factory.mktemp("data")
    card = data_dir / "anna.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nN:Weber;Anna;;;\nFN:Anna Weber\nEND:VCARD\n")
    for args in (
        ["createsuperuser", "--noinput", "--username", "owner", "--email", "o@example.com"],
        ["import", str(card)],
    ):
        result = tafelrunde(data_dir, *args)
        assert result.returncode == 0, result.stderr
    return data_dir


def assert_one_error_line(result: subprocess.CompletedProcess, expected: str) -> None:
    errors = result.stderr.decode("utf-8", "backslashreplace")
    assert "Traceback" not in errors
    assert (result.returncode, errors) == (1, f"Error: {expected}\n")


MEAL = ["meal", "add", "--date", "2026-03-14", "--with", "Anna Weber"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["tonight", "Dresden", "--user", LATIN_1_NAME], r"--user is not UTF-8 text: M\xfcller"),
        ([*MEAL, "--restaurant", LATIN_1_NAME], r"--restaurant is not UTF-8 text: M\xfcller"),
        ([*MEAL, "--occasion", LATIN_1_NAME], r"--occasion is not UTF-8 text: M\xfcller"),
        (["token", "create", "--name", LATIN_1_NAME], r"--name is not UTF-8 text: M\xfcller"),
        (["tonight", LATIN_1_NAME], r"PLACE is not UTF-8 text: M\xfcller"),
        (["changepassword", LATIN_1_NAME], r"An argument is not UTF-8 text: M\xfcller"),
    ],
    ids=["user", "restaurant", "occasion", "token-name", "place", "djangos-own-command"],
)
def test_text_that_is_not_utf8_is_refused_in_one_line(installation, args, expected):
    result = tafelrunde(installation, *args)
    assert_one_error_line(result, expected)


def test_nothing_is_stored_from_a_refused_argument(installation):
    tafelrunde(installation, *MEAL, "--restaurant", LATIN_1_NAME)
    listing = tafelrunde(installation, "stats", "--json")
    assert b'"dinners": 0' in listing.stdout


@pytest.mark.parametrize("port", ["99999", "0", "eighty"])
def test_serve_on_an_impossible_port_is_one_error_line(installation, port):
    result = tafelrunde(installation, "serve", "--port", port)
    assert_one_error_line(result, f"argument --port: {port!r} is not a port number (1–65535)")
    assert result.stdout == b""


def test_serve_on_a_busy_port_says_so_before_announcing_an_address(installation):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = tafelrunde(installation, "serve", "--port", str(port))
    assert_one_error_line(result, f"Port {port} is already in use; choose another with --port N.")
    assert result.stdout == b""  # no "Tafelrunde is at http://…" for a server that never ran


def test_a_missing_subcommand_is_one_error_line(installation):
    result = tafelrunde(installation, "token")
    assert_one_error_line(result, "the following arguments are required: ACTION")


@pytest.mark.parametrize("lang", ["C.UTF-8", "C"])  # strict, and surrogateescape
def test_a_password_on_stdin_that_is_not_utf8_is_one_error_line(installation, lang):
    password = b"\xfcber-geheim-lang\n"
    args = ["user", "add", "anna", "--password-stdin"]
    result = tafelrunde(installation, *args, stdin=password, lang=lang)
    assert_one_error_line(result, "No password in UTF-8 text was given; nothing was made.")
