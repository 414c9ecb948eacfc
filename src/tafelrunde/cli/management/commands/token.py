from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.management.base import CommandError

from tafelrunde.cli.base import TafelrundeCommand

if TYPE_CHECKING:
    from tafelrunde.owned import Owner


class Command(TafelrundeCommand):
    help = "Personal API tokens: `token create` makes one (shown once), `list`, `revoke ID`."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        create = actions.add_parser(
            "create", help="make a token", description="Make a token; it is shown only once."
        )
        create.add_argument("--name", metavar="N", default="", help="what it is for")
        create.add_argument("--json", action="store_true", help="print the token as JSON")
        listing = actions.add_parser("list", help="list your tokens", description="List tokens.")
        listing.add_argument("--json", action="store_true", help="print JSON")
        revoke = actions.add_parser(
            "revoke", help="revoke a token", description="Revoke a token: it stops working."
        )
        revoke.add_argument("id", metavar="ID", help="the token's id (see `token list`)")
        self.subparsers = [create, listing, revoke]

    def handle(self, *args, **options):
        getattr(self, options["action"])(self.owner(options), options)

    def create(self, owner: Owner, options):
        from tafelrunde.api.tokens import create_token

        new = create_token(owner, options["name"])
        if options["json"]:
            self.print_json({**token_json(new.token), "token": new.secret})
            return
        self.stdout.write(
            f"Token #{new.token.pk} “{new.token.name}” for {owner.get_username()}"
            " (shown only this once):"
        )
        self.stdout.write(new.secret)
        self.stdout.write(f"Use it as: Authorization: Bearer {new.secret}")

    def list(self, owner: Owner, options):
        from tafelrunde.api.tokens import tokens_of

        tokens = list(tokens_of(owner))
        if options["json"]:
            self.print_json({"tokens": [token_json(token) for token in tokens]})
        elif not tokens:
            self.stdout.write("No tokens yet: make one with `tafelrunde token create`.")
        else:
            for token in tokens:
                self.stdout.write(token_line(token))

    def revoke(self, owner: Owner, options):
        from django.http import Http404

        from tafelrunde.api.models import ApiToken
        from tafelrunde.api.tokens import revoke_token

        number = options["id"].strip().removeprefix("#")
        try:
            token = revoke_token(ApiToken.objects.owned_by(owner).get_or_404(number))
        except Http404:
            raise CommandError(f"You have no token #{number}.") from None
        self.stdout.write(f"Revoked token #{token.pk} “{token.name}”: it no longer works.")


def token_json(token) -> dict:
    def moment(value):
        return value.isoformat(timespec="seconds") if value else None

    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created": moment(token.created_at),
        "last_used": moment(token.last_used_at),
        "revoked": moment(token.revoked_at),
    }


def token_line(token) -> str:
    """ "#3   laptop script   tfr_AbCdEfGh…  created 2025-03-14  never used" """
    used = f"last used {token.last_used_at:%Y-%m-%d}" if token.last_used_at else "never used"
    state = f"  revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else ""
    return (
        f"#{token.pk:<4} {token.name:<24} {token.prefix}…"
        f"  created {token.created_at:%Y-%m-%d}  {used}{state}"
    )
