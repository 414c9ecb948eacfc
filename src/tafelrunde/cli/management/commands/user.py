import contextlib
import sys
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tafelrunde.cli.base import TafelrundeCommand, is_utf8


class Command(TafelrundeCommand):
    help = "Accounts: `user add NAME` makes an ordinary one (not staff), `list`, `remove NAME`."
    acts_for_user = False

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        add = actions.add_parser(
            "add",
            help="make an ordinary account",
            description="Make an ordinary account: it sees only its own data (no admin). "
            "The password is asked for twice, or read from standard input.",
        )
        add.add_argument("name", metavar="NAME", help="the name to log in with")
        add.add_argument("--email", metavar="E", default="", help="for password-reset mails")
        add.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )
        listing = actions.add_parser(
            "list", help="list the accounts", description="List the accounts."
        )
        listing.add_argument("--json", action="store_true", help="print JSON")
        remove = actions.add_parser(
            "remove",
            help="delete an account with all its data",
            description="Delete an account with all its data: contacts, trips, meals, notes, "
            "tokens and uploaded files.",
        )
        remove.add_argument("name", metavar="NAME", help="the account to delete")
        remove.add_argument(
            "--yes", action="store_true", help="delete without asking (needed without a terminal)"
        )
        self.subparsers = [add, listing, remove]

    def handle(self, *args, **options):
        with one_line_errors():
            getattr(self, options["action"])(options)

    def add(self, options):
        from tafelrunde.accounts.ordinary import add_account, check_new_account

        name, email = options["name"], options["email"].strip()
        check_new_account(name, email)  # before asking for a password, not after
        password = self.read_password(options["password_stdin"])
        user = add_account(name, email, password)
        message = _("Made the account %(name)s. It sees only its own data; log in with it.")
        self.stdout.write(message % {"name": repr(user.get_username())})

    def read_password(self, from_stdin: bool) -> str:
        import getpass

        if not from_stdin and not sys.stdin.isatty():
            raise CommandError(
                _("No terminal to ask for the password: give it with --password-stdin.")
            )
        try:
            if from_stdin:
                password = sys.stdin.readline().rstrip("\r\n")
            else:
                password = getpass.getpass(_("Password: "))
                if getpass.getpass(_("Password (again): ")) != password:
                    raise CommandError(_("The two passwords differ; nothing was made."))
        except (EOFError, UnicodeDecodeError):
            password = None
        if password is None or not is_utf8(password):
            raise CommandError(_("No password in UTF-8 text was given; nothing was made."))
        return password

    def list(self, options):
        from tafelrunde.accounts.ordinary import account_rows

        rows = account_rows()
        if options["json"]:
            self.print_json({"users": rows})
        elif not rows:
            self.stdout.write(_("No accounts yet: make one with `tafelrunde user add NAME`."))
        else:
            for row in rows:
                self.stdout.write(account_line(row))

    def remove(self, options):
        from tafelrunde.accounts.ordinary import account_named
        from tafelrunde.exchange.erase_account import erase_account, what_it_owns

        user = account_named(options["name"])
        words = {"name": repr(user.get_username()), "data": what_it_owns(user)}
        if not options["yes"]:
            question = _("Delete the account %(name)s and all its data (%(data)s)? [y/N] ")
            if not sys.stdin.isatty():
                message = _(
                    "This deletes the account %(name)s and all its data (%(data)s); "
                    "run again with --yes to do it."
                )
                raise CommandError(message % words)
            try:
                answer = input(question % words)
            except EOFError:  # Ctrl+D: no answer is no
                answer = ""
            if answer.strip().lower() not in {"y", "yes", "j", "ja"}:
                self.stderr.write(_("Nothing was deleted."))
                return
        erase_account(user)
        self.stdout.write(_("Deleted the account %(name)s and all its data (%(data)s).") % words)


@contextlib.contextmanager
def one_line_errors() -> Iterator[None]:
    """A ValidationError (a taken name, a weak password) as one "Error: …" line."""
    try:
        yield
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None


def account_line(row: dict) -> str:
    """ "anna   anna@example.com   staff   last login 2026-03-14   120 contacts" """
    staff = _("staff") if row["staff"] else "-"
    if row["last_login"]:
        login = _("last login %(date)s") % {"date": row["last_login"][:10]}
    else:
        login = _("never logged in")
    count = row["contacts"]
    contacts = ngettext("%(count)d contact", "%(count)d contacts", count) % {"count": count}
    email = row["email"] or "-"
    return f"{row['name']:<16} {email:<28} {staff:<6} {login:<22} {contacts}"
