"""Recognise people already in the network: indexed keys per batch, never all pairs.

Strong matches (same source record, a shared e-mail or phone, the same folded name at the
same organisation) merge automatically; the same name elsewhere is only a suggestion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from tafelrunde.network.models import Contact, ContactSource, Email, Phone
from tafelrunde.owned import Owner

CHUNK = 500


@dataclass
class Keys:
    """What identifies one incoming or existing person."""

    source: tuple[str, str] | None = None  # (kind, external id)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    name: str = ""
    organisation: str = ""


@dataclass
class Match:
    contact_id: int
    how: str  # "source" | "email" | "phone" | "name"


class Matcher:
    """Key maps for one owner, loaded for a batch and extended as contacts are created."""

    def __init__(self, owner: Owner):
        self.owner = owner
        self.by_source: dict[tuple[str, str], int] = {}
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)

    def load(self, batch: Iterable[Keys]) -> None:
        """Fetch the existing contacts that share any key with the batch."""
        batch = list(batch)
        owned = {"owner": self.owner}
        sources = {k.source for k in batch if k.source}
        for chunk in _chunks(sorted({ext for _kind, ext in sources})):
            rows = ContactSource.objects.filter(**owned, external_id__in=chunk).order_by()
            for kind, ext, contact_id in rows.values_list("kind", "external_id", "contact_id"):
                self.by_source.setdefault((kind, ext), contact_id)
        for chunk in _chunks(sorted({e for k in batch for e in k.emails})):
            rows = Email.objects.filter(**owned, address__in=chunk).order_by()
            for address, contact_id in rows.values_list("address", "contact_id"):
                self.by_email.setdefault(address.lower(), contact_id)
        for chunk in _chunks(sorted({p for k in batch for p in k.phones})):
            rows = Phone.objects.filter(**owned, number__in=chunk).order_by()
            for number, contact_id in rows.values_list("number", "contact_id"):
                self.by_phone.setdefault(number, contact_id)
        namesakes: list[tuple[int, str, str]] = []
        for chunk in _chunks(sorted({k.name for k in batch if k.name})):
            # No ORDER BY: sorting by id would make SQLite walk every contact of the owner
            # instead of the (owner, name_key) index.
            rows = Contact.objects.filter(**owned, name_key__in=chunk).order_by()
            namesakes += rows.values_list("id", "name_key", "organisation_key")
        for contact_id, name, organisation in sorted(namesakes):
            self.by_name[name].append((contact_id, organisation))

    def find(self, keys: Keys) -> Match | None:
        """The contact these keys certainly belong to, if any."""
        if keys.source and keys.source in self.by_source:
            return Match(self.by_source[keys.source], "source")
        for email in keys.emails:
            if email in self.by_email:
                return Match(self.by_email[email], "email")
        for phone in keys.phones:
            if phone in self.by_phone:
                return Match(self.by_phone[phone], "phone")
        if keys.name and keys.organisation:
            for contact_id, organisation in self.by_name.get(keys.name, ()):
                if organisation == keys.organisation:
                    return Match(contact_id, "name")
        return None

    def remember(self, contact_id: int, keys: Keys) -> None:
        """Add a contact's keys, so later records of the same batch find it."""
        if keys.source:
            self.by_source.setdefault(keys.source, contact_id)
        for email in keys.emails:
            self.by_email.setdefault(email, contact_id)
        for phone in keys.phones:
            self.by_phone.setdefault(phone, contact_id)
        if keys.name and (contact_id, keys.organisation) not in self.by_name[keys.name]:
            self.by_name[keys.name].append((contact_id, keys.organisation))


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]
