"""`tafelrunde user add | list | remove`: ordinary accounts, made and removed from a terminal."""

import getpass
import io
import json

import pytest
from django.contrib.auth import get_user_model

from tafelrunde import cli
from tafelrunde.network.models import Contact
from tests.factories import ContactFactory, TripFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD_PASSWORD = "a long test password"


class Terminal(io.StringIO):
    """Standard input that is a terminal: what the user types, line by line."""

    def isatty(self) -> bool:
        return True


def user(run_command, monkeypatch, *argv: str, stdin: io.StringIO | None = None):
    monkeypatch.setattr("sys.stdin", stdin or io.StringIO(""))
    return run_command("user", *argv)


def typed_passwords(monkeypatch, *passwords: str) -> None:
    """The passwords typed at getpass's prompts, in order."""
    answers = iter(passwords)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))


def test_user_add_makes_an_ordinary_account_with_the_password_from_stdin(run_command, monkeypatch):
    status, out, err = user(
        run_command, monkeypatch, "add", "anna", "--email", "anna@example.com", "--password-stdin",
        stdin=io.StringIO(GOOD_PASSWORD + "\n"),
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert out == "Made the account 'anna'. It sees only its own data; log in with it.\n"
    anna = User.objects.get(username="anna")
    assert (anna.is_staff, anna.is_superuser) == (False, False)
    assert anna.email == "anna@example.com"
    assert anna.check_password(GOOD_PASSWORD)


def test_user_add_asks_for_the_password_twice_at_a_terminal(run_command, monkeypatch):
    typed_passwords(monkeypatch, GOOD_PASSWORD, GOOD_PASSWORD)
    status, _out, _err = user(run_command, monkeypatch, "add", "anna", stdin=Terminal())
    assert status == 0
    assert User.objects.get(username="anna").check_password(GOOD_PASSWORD)


def test_two_different_passwords_make_nothing(run_command, monkeypatch):
    typed_passwords(monkeypatch, GOOD_PASSWORD, "a long test passwort")
    status, _out, err = user(run_command, monkeypatch, "add", "anna", stdin=Terminal())
    assert (status, err) == (1, "Error: The two passwords differ; nothing was made.\n")
    assert not User.objects.exists()


def test_ctrl_d_at_the_password_prompt_makes_nothing(run_command, monkeypatch):
    def end_of_input(prompt=""):
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", end_of_input)
    status, _out, err = user(run_command, monkeypatch, "add", "anna", stdin=Terminal())
    assert (status, err) == (1, "Error: No password in UTF-8 text was given; nothing was made.\n")
    assert not User.objects.exists()


def test_without_a_terminal_the_password_must_come_with_password_stdin(run_command, monkeypatch):
    status, _out, err = user(run_command, monkeypatch, "add", "anna")
    assert status == 1
    assert err == "Error: No terminal to ask for the password: give it with --password-stdin.\n"
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("args", "password", "expected"),
    [
        (["anna"], "short", "This password is too short. It must contain at least 8 characters."),
        (["anna"], "90417235981", "This password is entirely numeric."),
        (["anna", "--email", "anna at example"], GOOD_PASSWORD, "'anna at example' is not an "
         "e-mail address."),
        (["anna weber"], GOOD_PASSWORD, "Enter a valid username. This value may contain only "
         "letters, numbers, and @/./+/-/_ characters."),
    ],
    ids=["short-password", "numeric-password", "bad-email", "bad-name"],
)  # fmt: skip
def test_what_will_not_do_is_one_error_line_and_makes_nothing(
    run_command, monkeypatch, args, password, expected
):
    status, out, err = user(
        run_command, monkeypatch, "add", *args, "--password-stdin", stdin=io.StringIO(password)
    )
    assert (status, out, err) == (1, "", f"Error: {expected}\n")
    assert not User.objects.exists()


def test_a_taken_name_is_refused_before_the_password_is_asked_for(run_command, monkeypatch):
    UserFactory(username="anna")
    typed_passwords(monkeypatch)  # any prompt would fail the test
    status, _out, err = user(run_command, monkeypatch, "add", "anna", stdin=Terminal())
    assert (status, err) == (1, "Error: The name 'anna' is taken: choose another.\n")
    assert User.objects.count() == 1


def test_user_list_shows_name_email_staff_last_login_and_contacts(run_command, monkeypatch):
    anna = UserFactory(username="anna", email="anna@example.com")
    UserFactory(username="root", email="", is_staff=True, is_superuser=True)
    ContactFactory.create_batch(3, owner=anna)
    status, out, _err = user(run_command, monkeypatch, "list")
    assert status == 0
    assert out.splitlines() == [
        "anna             anna@example.com             -      never logged in        3 contacts",
        "root             -                            staff  never logged in        0 contacts",
    ]
    status, out, _err = user(run_command, monkeypatch, "list", "--json")
    assert json.loads(out)["users"][0] == {
        "name": "anna",
        "email": "anna@example.com",
        "staff": False,
        "superuser": False,
        "last_login": None,
        "contacts": 3,
    }


def test_user_remove_without_yes_and_without_a_terminal_deletes_nothing(run_command, monkeypatch):
    anna = UserFactory(username="anna")
    ContactFactory.create_batch(2, owner=anna)
    status, _out, err = user(run_command, monkeypatch, "remove", "anna")
    assert status == 1
    assert err == (
        "Error: This deletes the account 'anna' and all its data (2 contacts, 0 trips, 0 meals);"
        " run again with --yes to do it.\n"
    )
    assert Contact.objects.owned_by(anna).count() == 2


def test_user_remove_with_yes_deletes_the_account_and_all_its_data(run_command, monkeypatch):
    anna = UserFactory(username="anna")
    other = UserFactory(username="bob")
    ContactFactory.create_batch(2, owner=anna)
    TripFactory(owner=anna)
    ContactFactory(owner=other)
    status, out, _err = user(run_command, monkeypatch, "remove", "anna", "--yes")
    assert status == 0
    assert out == "Deleted the account 'anna' and all its data (2 contacts, 1 trip, 0 meals).\n"
    assert list(User.objects.values_list("username", flat=True)) == ["bob"]
    assert Contact.objects.filter(owner_id=anna.pk).count() == 0
    assert Contact.objects.owned_by(other).count() == 1


@pytest.mark.parametrize(
    ("answer", "deleted"), [("y\n", True), ("\n", False), ("no\n", False), ("", False)]
)
def test_user_remove_at_a_terminal_asks_first(run_command, monkeypatch, answer, deleted):
    UserFactory(username="anna")
    status, out, err = user(run_command, monkeypatch, "remove", "anna", stdin=Terminal(answer))
    assert status == 0
    assert out.startswith(
        "Delete the account 'anna' and all its data (0 contacts, 0 trips, 0 meals)? [y/N] "
    )
    assert User.objects.filter(username="anna").exists() is not deleted
    assert ("Nothing was deleted." in err) is not deleted


def test_user_remove_of_an_unknown_account_is_one_error_line(run_command, monkeypatch):
    status, _out, err = user(run_command, monkeypatch, "remove", "nobody", "--yes")
    assert (status, err) == (1, "Error: No account named 'nobody'.\n")


def test_the_help_page_lists_the_user_command(capsys):
    assert cli.main(["tafelrunde", "--help"]) == 0
    assert "  user " in capsys.readouterr().out


def test_without_any_account_commands_point_to_user_add(run_command):
    status, _out, err = run_command("trips")
    assert (status, err) == (
        1,
        "Error: There is no account yet: make one with `tafelrunde user add NAME`.\n",
    )
