"""`tafelrunde import` and the upload page: files in, a report out, all or nothing per run.

Every file is read and parsed before anything is written: a file that cannot be read at all
changes nothing. Bad records are reported and skipped; the good ones are imported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext

from tafelrunde.core.records import ContactRecord, ParseResult, RecordError, UnreadableFile
from tafelrunde.network.contact_import import (
    Incoming,
    children_for,
    clean,
    fold_group,
    merge_into,
    new_contact,
)
from tafelrunde.network.matching import Matcher
from tafelrunde.network.models import Contact, ContactSource, Email, Phone
from tafelrunde.network.namesakes import group_namesakes
from tafelrunde.owned import Owner

DEFAULT_COUNTRY = "DE"  # for phone numbers without a country code, when the profile has none
# progress(done, total): `done` more records handled; `total` announces a file's record count.
Progress = Callable[..., None]


class ImportFailed(Exception):
    """A file could not be read at all; nothing was imported."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    merged: int = 0
    unchanged: int = 0
    failed: int = 0
    trips_created: int = 0
    trips_updated: int = 0
    trips_unchanged: int = 0
    events_skipped: int = 0
    suggestions: int = 0
    formats: dict[str, str] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)  # records skipped
    warnings: list[dict] = field(default_factory=list)  # records imported with a remark

    def add_messages(self, source: str, result: ParseResult) -> None:
        """The file's skipped records (counted as failed) and its remarks on imported ones."""
        for error in result.errors:
            self.errors.append(_message(source, error))
            self.failed += 1
        self.warnings.extend(_message(source, warning) for warning in result.warnings)

    def as_json(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "trips_created": self.trips_created,
            "trips_updated": self.trips_updated,
            "trips_unchanged": self.trips_unchanged,
            "events_skipped": self.events_skipped,
            "suggestions": self.suggestions,
            "formats": self.formats,
            "errors": [_public(error) for error in self.errors],
            "warnings": [_public(warning) for warning in self.warnings],
        }


def _message(source: str, error: RecordError) -> dict:
    """A report line; `template` and `params` let a page show the message translated."""
    entry = {"source": source, "record": error.record, "message": error.text}
    if error.params:
        entry |= {"template": error.message, "params": error.params}
    return entry


def _public(entry: dict) -> dict:
    return {key: entry[key] for key in ("source", "record", "message")}


def translated_message(entry: dict) -> str:
    """A report line's message in the active language (fixed texts are in the catalogue)."""
    if "template" in entry:
        params = {k: gettext(v) if isinstance(v, str) else v for k, v in entry["params"].items()}
        return gettext(entry["template"]) % params
    return gettext(entry["message"])


def import_files(
    owner: Owner,
    files: list[tuple[str, bytes]],
    fmt: str = "auto",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import contacts and trips from (name, content) pairs for one owner."""
    from tafelrunde.accounts.models import profile_for
    from tafelrunde.core.importers.detect import parse_file

    report = ImportReport()
    parsed: list[tuple[str, ParseResult]] = []
    exports: list[tuple[str, dict]] = []
    for name, data in files:
        try:
            detected, result = parse_file(data, fmt)
        except UnreadableFile as exc:
            raise ImportFailed(f"{name}: {gettext(str(exc))}") from None
        report.formats[name] = detected
        if detected == "json":
            exports.append((name, _read_export(name, data)))
            continue
        parsed.append((name, result))
        report.add_messages(name, result)
    profile = profile_for(owner)
    # Everything that costs time without the database happens before the transaction:
    # the write lock is held only for matching and writing, never for parsing or cleaning.
    places: dict = {}
    prepared = [
        (name, result, prepare(result.contacts, profile.home_country, places, progress))
        for name, result in parsed
    ]
    with transaction.atomic():
        for name, export in exports:
            _restore(owner, name, export, report)
        for name, result, incomings in prepared:
            if incomings:
                ContactImport(owner, profile.home_country, name, report, places).run(incomings)
            if result.trips:
                from tafelrunde.travel.importing import import_trips

                import_trips(owner, profile, result.trips, name, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def prepare(
    records: list[ContactRecord], home_country: str, places: dict, progress: Progress | None
) -> list[Incoming]:
    """Records cleaned (E.164 phones, valid e-mails, matching keys) and located, in advance."""
    from tafelrunde.network.location import locate_in_advance

    progress = progress or (lambda done, total=None: None)
    progress(0, total=len(records))
    home_country = home_country or DEFAULT_COUNTRY
    incomings = []
    for record in records:
        incomings.append(clean(record, home_country))
        progress(1)
    locate_in_advance(incomings, home_country, places)
    return incomings


def _read_export(name: str, data: bytes) -> dict:
    import json

    from tafelrunde.exchange.import_json import is_tafelrunde_export

    try:
        export = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        reason = gettext("not valid JSON (%(problem)s)") % {"problem": exc}
        raise ImportFailed(f"{name}: {reason}") from None
    if not is_tafelrunde_export(export):
        reason = gettext("not a Tafelrunde export")
        raise ImportFailed(f"{name}: {reason}")
    return export


def _restore(owner: Owner, name: str, export: dict, report: ImportReport) -> None:
    from tafelrunde.exchange.import_json import import_json

    try:
        counts = import_json(owner, export)
    except ValueError as exc:
        raise ImportFailed(f"{name}: {exc}") from None
    report.created += counts.get("contacts", 0)
    report.trips_created += counts.get("trips", 0)


class ContactImport:
    """One file's contact records: matched against the network, then created in bulk."""

    def __init__(
        self, owner: Owner, home_country: str, label: str, report: ImportReport, places: dict
    ):
        self.owner = owner
        self.home_country = home_country or DEFAULT_COUNTRY
        self.label = label
        self.report = report
        self.matcher = Matcher(owner)
        self.pending: list[list[Incoming]] = []  # new contacts, each with the records it merges
        self.existing: dict[int, list[Incoming]] = defaultdict(list)
        self.places = places  # located in advance by prepare()

    def run(self, incomings: list[Incoming]) -> None:
        self.matcher.load(i.keys for i in incomings)
        for incoming in incomings:
            self.place(incoming)
        self.merge_existing()
        self.create_pending()

    def place(self, incoming: Incoming) -> None:
        match = self.matcher.find(incoming.keys)
        if match is None:
            self.pending.append([incoming])
            self.matcher.remember(-len(self.pending), incoming.keys)
        elif match.contact_id < 0:  # the same person twice in this import
            # Folded in even when it is the same record again (a repeated row may say more):
            # importing the file a second time merges it, and must find nothing new then.
            self.pending[-match.contact_id - 1].append(incoming)
            if match.how == "source":
                self.report.unchanged += 1
            else:
                self.report.merged += 1
            self.matcher.remember(match.contact_id, incoming.keys)
        else:
            self.existing[match.contact_id].append(incoming)
            self.matcher.remember(match.contact_id, incoming.keys)

    def merge_existing(self) -> None:
        ids = sorted(self.existing)
        for start in range(0, len(ids), 500):
            contacts = Contact.objects.filter(owner=self.owner, id__in=ids[start : start + 500])
            contacts = contacts.prefetch_related("phones", "emails", "addresses", "sources")
            for contact in contacts:
                changed = False
                for incoming in self.existing[contact.id]:
                    changed |= merge_into(contact, incoming, self.label)
                    self.count_merge(contact, incoming, changed)
                if changed:
                    self.relocate(contact)

    def count_merge(self, contact: Contact, incoming: Incoming, changed: bool) -> None:
        same_source = any(
            (s.kind, s.external_id) == incoming.keys.source for s in contact.sources.all()
        )
        if not changed:
            self.report.unchanged += 1
        elif same_source:
            self.report.updated += 1
        else:
            self.report.merged += 1

    def relocate(self, contact: Contact) -> None:
        from tafelrunde.network.location import locate_contact

        # Set on every row by prefetch_related (merge_existing); private, so not in the stubs.
        cache = contact._prefetched_objects_cache  # type: ignore[attr-defined]
        for relation in ("phones", "addresses", "sources", "emails"):
            cache.pop(relation, None)
        if locate_contact(contact, default_country=self.home_country):
            contact.save()

    def create_pending(self) -> None:
        contacts: list[Contact] = []
        for group in self.pending:
            contact = new_contact(self.owner, group[0])
            for extra in group[1:]:
                fold_group(contact, extra)
            self.locate(contact, group)
            contacts.append(contact)
        Contact.objects.bulk_create(contacts, batch_size=500)
        rows_by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        for contact, group in zip(contacts, self.pending, strict=True):
            for row in _unique_children(contact, group, self.label):
                rows_by_model[type(row)].append(row)
        for model, rows in rows_by_model.items():
            model._default_manager.bulk_create(rows, batch_size=500)
        self.report.created += len(contacts)
        # People who share a name with someone (already there, or new in this file) join
        # that name's group: a few set-based queries for the whole file.
        self.report.suggestions += group_namesakes(
            self.owner, (c.name_key for c in contacts), new_ids=(c.id for c in contacts)
        )

    def locate(self, contact: Contact, group: list[Incoming]) -> None:
        from tafelrunde.network.location import locate_records

        found = locate_records(group, self.home_country, self.places)
        if found is not None:
            place, method, confidence = found
            contact.set_location(place, method, confidence)


def _unique_children(contact: Contact, group: list[Incoming], label: str) -> list:
    seen: set = set()
    rows = []
    for incoming in group:
        for row in children_for(contact, incoming, label):
            identity = (type(row).__name__, *_identity(row))
            if identity not in seen:
                seen.add(identity)
                rows.append(row)
    return rows


def _identity(row) -> tuple:
    if isinstance(row, Phone):
        return (row.number,)
    if isinstance(row, Email):
        return (row.address,)
    if isinstance(row, ContactSource):
        return (row.kind, row.external_id)
    return (row.street, row.postal_code, row.city, row.country, row.freetext)
