from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tafelrunde.cli.base import TafelrundeCommand, contact_named


class Command(TafelrundeCommand):
    help = (
        "Share contacts with a team: `--kind KIND ...`, `--contact C ...` or `--all` "
        "(and `--trips`, `--phones`); `--undo` takes it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--team", metavar="TEAM", required=True, help="the team's name or id")
        what = parser.add_mutually_exclusive_group()
        what.add_argument(
            "--kind",
            metavar="KIND",
            nargs="+",
            help="your contacts of these kinds (customer, supplier, partner, …)",
        )
        what.add_argument("--contact", metavar="C", nargs="+", help="these contacts, by id or name")
        what.add_argument("--all", action="store_true", help="all your contacts")
        parser.add_argument("--trips", action="store_true", help="your trips too")
        parser.add_argument(
            "--phones", action="store_true", help="the phone numbers of what you share"
        )
        parser.add_argument("--undo", action="store_true", help="stop sharing what is named")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        from tafelrunde.teams.membership import TeamError, team_named
        from tafelrunde.teams.sharing import set_sharing, share_contacts

        owner = self.owner(options)
        named = ("kind", "contact", "all", "trips", "phones")
        if not any(options[name] for name in named):
            raise CommandError(_("Say what to share: --kind, --contact, --all or --trips."))
        undo = options["undo"]
        try:
            membership = team_named(owner, options["team"])
            changed = 0
            if options["contact"]:
                contacts = [contact_named(owner, text) for text in options["contact"]]
                changed = share_contacts(membership, contacts, undo=undo)
            if options["kind"]:
                kinds = set(membership.share_kinds)
                named = {kind.strip().lower().replace("-", "_") for kind in options["kind"]}
                set_sharing(membership, kinds=kinds - named if undo else kinds | named)
            if options["all"]:
                set_sharing(membership, share_all=not undo)
            set_sharing(
                membership,
                trips=(not undo) if options["trips"] else None,
                phones=(not undo) if options["phones"] else None,
            )
        except TeamError as exc:
            raise CommandError(str(exc)) from None
        self.summary(membership, changed)

    def summary(self, membership, changed: int) -> None:
        from tafelrunde.teams.models import SharedContact

        one_by_one = SharedContact.objects.filter(membership=membership).count()
        if self.speaks_json:
            self.print_json(
                {
                    "team": membership.team_id,
                    "name": membership.team.name,
                    "all": membership.share_all,
                    "kinds": membership.share_kinds,
                    "contacts": one_by_one,
                    "trips": membership.share_trips,
                    "phones": membership.share_phones,
                    "changed": changed,
                }
            )
            return
        if membership.share_all:
            what = _("all your contacts")
        elif membership.share_kinds or one_by_one:
            parts = []
            if membership.share_kinds:
                parts.append(_("your contacts of kind %(kinds)s") % {
                    "kinds": ", ".join(membership.share_kinds)
                })  # fmt: skip
            if one_by_one:
                parts.append(
                    ngettext("%(n)d contact chosen by hand", "%(n)d contacts chosen by hand",
                             one_by_one) % {"n": one_by_one}
                )  # fmt: skip
            what = _(" and ").join(parts)
        else:
            what = _("none of your contacts")
        self.stdout.write(
            _("%(team)s sees %(what)s; your trips: %(trips)s; phone numbers: %(phones)s.")
            % {
                "team": membership.team.name,
                "what": what,
                "trips": _("yes") if membership.share_trips else _("no"),
                "phones": _("yes") if membership.share_phones else _("no"),
            }
        )
