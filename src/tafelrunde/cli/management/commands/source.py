from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from django.core.management.base import CommandError

from tafelrunde.cli.base import TafelrundeCommand

if TYPE_CHECKING:
    from tafelrunde.owned import Owner

KINDS = ("carddav", "caldav", "ics")


class Command(TafelrundeCommand):
    help = (
        "Sources synced by themselves: `source add carddav|caldav|ics URL`, `list`, "
        "`sync [ID ...]`, `remove ID`."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        add = actions.add_parser(
            "add",
            help="follow an address book or calendar",
            description="Follow CardDAV address books or CalDAV calendars (a server URL, or "
            "just the domain of your e-mail address: all that are found there, or those named "
            "with --only) or an .ics calendar feed. The password is read from standard input "
            "with --password-stdin, never from the command line.",
        )
        add.add_argument("kind", choices=KINDS, help="carddav, caldav or ics")
        add.add_argument("url", metavar="URL", help="server, address book or feed address")
        add.add_argument("--username", metavar="U", default="", help="user name on the server")
        add.add_argument(
            "--password-stdin", action="store_true", help="read the (app) password from stdin"
        )
        add.add_argument("--name", metavar="N", default="", help="what to call the source")
        add.add_argument(
            "--only",
            metavar="NAME",
            action="append",
            help="follow only this address book or calendar (its name or address); repeatable",
        )
        add.add_argument("--json", action="store_true", help="print the source as JSON")
        listing = actions.add_parser("list", help="list sources", description="List sources.")
        listing.add_argument("--json", action="store_true", help="print JSON")
        sync = actions.add_parser(
            "sync", help="sync now", description="Sync now: the sources given, or all."
        )
        sync.add_argument("ids", nargs="*", metavar="ID", help="source ids (see `source list`)")
        sync.add_argument("--json", action="store_true", help="print JSON")
        remove = actions.add_parser(
            "remove",
            help="stop following a source",
            description="Stop following a source; the contacts and trips it brought stay.",
        )
        remove.add_argument("id", metavar="ID", help="the source's id")
        self.subparsers = [add, listing, sync, remove]

    def handle(self, *args, **options):
        getattr(self, options["action"])(self.owner(options), options)

    def add(self, owner: Owner, options):
        from tafelrunde.sync.errors import SyncError
        from tafelrunde.sync.sources import add_source, source_json

        password = ""
        if options["password_stdin"]:
            password = sys.stdin.readline(4096).rstrip("\r\n")
        try:
            source = add_source(
                owner,
                options["kind"],
                options["url"],
                username=options["username"],
                password=password,
                name=options["name"],
                only=options["only"],
            )
        except SyncError as error:
            raise CommandError(f"Cannot add the source: {error.text}.") from None
        if options["json"]:
            self.print_json(source_json(source))
            return
        self.stdout.write(f"Added source #{source.pk} “{source.name}” ({source.url_shown}).")
        names = [c.name or c.href for c in source.collections.all() if c.href]
        if names:
            self.stdout.write("Following: " + ", ".join(names) + ".")
        self.stdout.write("It syncs in the background; `tafelrunde source sync` syncs it now.")

    def list(self, owner: Owner, options):
        from tafelrunde.sync.models import Source
        from tafelrunde.sync.sources import error_text, source_json

        sources = list(Source.objects.owned_by(owner).prefetch_related("collections"))
        if options["json"]:
            self.print_json({"sources": [source_json(source) for source in sources]})
            return
        if not sources:
            self.stdout.write("No sources yet: add one with `tafelrunde source add`.")
        for source in sources:
            synced = (
                f"synced {source.last_success_at:%Y-%m-%d %H:%M}"
                if source.last_success_at
                else "never synced"
            )
            counts = source.last_counts or {}
            changes = ", ".join(
                f"{counts[k]} {k}" for k in ("created", "updated", "removed") if k in counts
            )
            self.stdout.write(
                f"#{source.pk:<4} {source.kind:<8} {source.name:<30} {synced}"
                + (f" ({changes})" if changes else "")
            )
            if source.last_error:
                self.stdout.write(f"      last error: {error_text(source)}")

    def sync(self, owner: Owner, options):
        from tafelrunde.sync.models import Source
        from tafelrunde.sync.run import AlreadySyncing, run_sync, worker_name

        sources = Source.objects.owned_by(owner)
        if options["ids"]:
            ids = [self._id(value) for value in options["ids"]]
            found = {s.pk: s for s in sources.filter(pk__in=ids)}
            missing = [i for i in ids if i not in found]
            if missing:
                raise CommandError(f"You have no source #{missing[0]}.")
            chosen = [found[i] for i in ids]
        else:
            chosen = list(sources)
        results = []
        failed = False
        for source in chosen:
            try:
                result = run_sync(source, worker_name())
            except AlreadySyncing:
                entry = {"id": source.pk, "kind": source.kind, "name": source.name}
                entry |= {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
                entry["errors"] = ["another worker is syncing this source right now"]
                results.append(entry)
                failed = True
                continue
            results.append(result.as_json())
            failed |= result.error is not None
        if options["json"]:
            self.print_json({"sources": results})
        else:
            if not results:
                self.stdout.write("No sources yet: add one with `tafelrunde source add`.")
            for entry in results:
                self.stdout.write(
                    f"#{entry['id']} {entry['name']}: {entry['created']} new, "
                    f"{entry['updated']} updated, {entry['unchanged']} unchanged, "
                    f"{entry['removed']} removed"
                )
                for error in entry["errors"]:
                    self.stdout.write(f"  {error}")
        if failed:
            sys.exit(1)

    def remove(self, owner: Owner, options):
        from django.http import Http404

        from tafelrunde.sync.models import Source
        from tafelrunde.sync.sources import remove_source

        number = self._id(options["id"])
        try:
            source = Source.objects.owned_by(owner).get_or_404(number)
        except Http404:
            raise CommandError(f"You have no source #{number}.") from None
        remove_source(source)
        self.stdout.write(
            f"Removed source #{number} “{source.name}”; the contacts and trips it brought stay."
        )

    def _id(self, value: str) -> int:
        text = value.strip().removeprefix("#")
        if not text.isdigit():
            raise CommandError(f"{value!r} is not a source id (see `tafelrunde source list`).")
        return int(text)
