from __future__ import annotations

from django.core.management.base import CommandError

from tafelrunde.cli.base import TafelrundeCommand, parse_clock

KINDS = {
    "trip-digest": "trip_digest",
    "nudge": "nudge",
    "weekly": "weekly",
    "answers": "round_answers",
}
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Command(TafelrundeCommand):
    help = (
        "Reminder mails and the calendar feed: `--preview`, `--send`, `feed`, or when each "
        "kind is sent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action",
            nargs="?",
            choices=["feed"],
            help="feed: the private calendar feed's address (made if missing)",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--preview", action="store_true", help="what would be sent now; nothing is sent"
        )
        mode.add_argument(
            "--send", action="store_true", help="send what is due now; twice sends nothing twice"
        )
        parser.add_argument(
            "--off", metavar="KIND", action="append", choices=list(KINDS), default=[],
            help="switch off trip-digest, nudge, weekly or answers",
        )  # fmt: skip
        parser.add_argument(
            "--on", metavar="KIND", action="append", choices=list(KINDS), default=[],
            help="switch on trip-digest, nudge, weekly or answers",
        )  # fmt: skip
        parser.add_argument(
            "--digest-days", metavar="N", type=int, help="days before a trip for its digest"
        )
        parser.add_argument(
            "--nudge-at", metavar="HH:MM", help="the nudge's time, in the trip place's time zone"
        )
        parser.add_argument(
            "--weekly-at", metavar="'DAY HH:MM'", help="e.g. 'monday 08:00', home time"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        if options["action"] == "feed":
            return self.feed(options)
        if options["preview"] or options["send"]:
            return self.preview_or_send(options)
        return self.settings(options)

    def feed(self, options):
        from tafelrunde.reminders.feed import feed_json

        shown = feed_json(self.owner(options))
        if options["json"]:
            self.print_json(shown)
        else:
            self.stdout.write(shown["url"])

    def preview_or_send(self, options):
        from django.utils import timezone

        from tafelrunde.reminders.outbox import drafts_due, queue_due, recipients, send_due
        from tafelrunde.sync.run import worker_name

        now = timezone.now()
        accounts = [self.owner(options)] if options.get("user") else list(recipients())
        if options["preview"]:
            shown = [
                _draft_json(owner, draft)
                for owner in accounts
                if owner.email
                for draft in drafts_due(owner, now)
                if not draft.empty
            ]
            if options["json"]:
                self.print_json({"messages": shown})
                return
            if not shown:
                self.stdout.write("Nothing is due now.")
            for entry in shown:
                self.stdout.write(f"To {entry['to']}: {entry['subject']}")
                self.stdout.write("    " + entry["text"].strip().replace("\n", "\n    ") + "\n")
            return
        if options.get("user"):
            _queue_for(accounts[0], now)
        else:
            queue_due(now)
        outcomes = send_due(worker_name(), now)
        if options.get("user"):
            outcomes = [o for o in outcomes if o.message.owner_id == accounts[0].pk]
        entries = [
            {
                "kind": o.message.kind,
                "key": o.message.key,
                "to": o.message.to,
                "subject": o.message.subject,
                "status": o.message.status,
                "error": o.error or None,
            }
            for o in outcomes
        ]
        if options["json"]:
            self.print_json({"messages": entries})
        else:
            if not entries:
                self.stdout.write("Nothing to send now.")
            for entry in entries:
                said = entry["error"] or entry["status"]
                self.stdout.write(f"{entry['to']}: {entry['subject']} — {said}")
        if any(entry["error"] for entry in entries):
            raise CommandError("Some mails could not be sent; they are tried again later.")

    def settings(self, options):
        from tafelrunde.reminders.models import ReminderSettings

        owner = self.owner(options)
        prefs, _created = ReminderSettings.objects.get_or_create(owner=owner)
        changed = False
        for name in options["off"]:
            setattr(prefs, KINDS[name], False)
            changed = True
        for name in options["on"]:
            setattr(prefs, KINDS[name], True)
            changed = True
        if options["digest_days"] is not None:
            if not 0 <= options["digest_days"] <= 14:
                raise CommandError("--digest-days must be between 0 and 14.")
            prefs.digest_days_before = options["digest_days"]
            changed = True
        if options["nudge_at"]:
            prefs.nudge_time = parse_clock(options["nudge_at"], "--nudge-at")
            changed = True
        if options["weekly_at"]:
            day, _space, clock = options["weekly_at"].strip().partition(" ")
            if day.lower() not in DAYS:
                raise CommandError("--weekly-at takes a weekday and a time, e.g. 'monday 08:00'.")
            prefs.weekly_day = DAYS.index(day.lower())
            prefs.weekly_time = parse_clock(clock, "--weekly-at")
            changed = True
        if changed:
            prefs.save()
        shown = {
            "trip_digest": {"on": prefs.trip_digest, "days_before": prefs.digest_days_before},
            "nudge": {"on": prefs.nudge, "at": f"{prefs.nudge_time:%H:%M}"},
            "weekly": {
                "on": prefs.weekly,
                "day": DAYS[prefs.weekly_day % 7],
                "at": f"{prefs.weekly_time:%H:%M}",
            },
            "answers": {"on": prefs.round_answers},
            "email": owner.email,
        }
        if options["json"]:
            self.print_json(shown)
            return
        on_off = {True: "on", False: "off"}
        self.stdout.write(
            f"Trip digest: {on_off[prefs.trip_digest]}, {prefs.digest_days_before} days before"
        )
        self.stdout.write(
            f"Afternoon nudge: {on_off[prefs.nudge]}, at {prefs.nudge_time:%H:%M} local time"
        )
        self.stdout.write(
            f"Small attentions: {on_off[prefs.weekly]}, {DAYS[prefs.weekly_day % 7]} "
            f"{prefs.weekly_time:%H:%M} home time"
        )
        self.stdout.write(f"Answers to your invitations: {on_off[prefs.round_answers]}")
        if not owner.email:
            self.stdout.write("The account has no e-mail address: nothing can be sent.")


def _draft_json(owner, draft) -> dict:
    return {
        "kind": draft.due.kind,
        "key": draft.due.key,
        "to": owner.email,
        "subject": draft.subject,
        "text": draft.text,
    }


def _queue_for(owner, now) -> None:
    from tafelrunde.reminders.outbox import drafts_due, record

    for draft in drafts_due(owner, now):
        record(owner, draft, now)
