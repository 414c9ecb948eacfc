"""Cards from an address book into the network.

A card seen for the first time goes through the file importer (matching, merges, namesake
suggestions, located places). A card changed at the source updates only the fields that
still hold what this source wrote last time (`Item.applied`); whatever the user keeps only
in Tafelrunde (kinds, importance, language, form of address, notes, history) is never
touched. A card deleted at the source deletes nothing: the contact is marked removed from
the source, and the user decides.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tafelrunde.columns import max_length
from tafelrunde.core.records import ContactRecord, UnreadableFile
from tafelrunde.network.contact_import import Incoming, address_row
from tafelrunde.network.models import Contact, ContactSource, Email, Phone
from tafelrunde.sync.models import Collection, Item, Source
from tafelrunde.sync.report import SyncReport

SCALARS = ("title", "given_name", "family_name", "full_name", "organisation", "role", "birthday")


def read_card(href: str, data: bytes, report: SyncReport) -> ContactRecord | None:
    """The card's one contact record; a card that cannot be read is a problem, not a stop."""
    from tafelrunde.core.importers.vcard import parse_vcards

    try:
        result = parse_vcards(data)
    except UnreadableFile as exc:
        report.problems.append(f"{_name(href)}: {exc}")
        return None
    for error in result.errors:
        report.problems.append(f"{_name(href)}: {error.text}")
    return result.contacts[0] if result.contacts else None


def _name(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1][:80]


def applied_values(incoming: Incoming) -> dict:
    """What a card gives a contact, as Item.applied keeps it."""
    r = incoming.record
    values: dict = {name: getattr(r, name) or "" for name in SCALARS if name != "birthday"}
    values["birthday"] = r.birthday.isoformat() if r.birthday else ""
    values["phones"] = [number for number, _kind in incoming.phones]
    values["emails"] = list(incoming.emails)
    values["addresses"] = [list(_address_key(a)) for a in incoming.record.addresses]
    return values


def _address_key(a) -> tuple:
    return (a.street, a.postal_code, a.city, a.country, a.freetext)


def apply_cards(
    source: Source,
    collection: Collection,
    cards: list[tuple[str, str, ContactRecord]],
    report: SyncReport,
    places: dict | None = None,
) -> None:
    """One batch of new or changed cards (href, etag, record), in one short transaction.
    `places` caches located places across the batches of one sync."""
    from tafelrunde.accounts.models import profile_for
    from tafelrunde.exchange.importing import ContactImport, ImportReport, prepare

    owner = source.owner
    profile = profile_for(owner)
    places = {} if places is None else places
    incomings = prepare([r for _h, _e, r in cards], profile.home_country, places, None)
    with transaction.atomic():
        items = {
            item.href: item
            for item in Item.objects.filter(
                collection=collection, href__in=[h for h, _e, _r in cards]
            )
        }
        live = set(
            Contact.objects.filter(
                owner=owner, id__in=[i.contact_id for i in items.values() if i.contact_id]
            ).values_list("id", flat=True)
        )
        new: list[tuple[str, str, Incoming]] = []
        for (href, etag, _record), incoming in zip(cards, incomings, strict=True):
            item = items.get(href)
            if item is not None and item.contact_id in live:
                _update(item, etag, incoming, profile.home_country, report)
            else:
                new.append((href, etag, incoming))
        if new:
            imported = ImportReport()
            ContactImport(owner, profile.home_country, source.name, imported, places).run(
                [incoming for _h, _e, incoming in new]
            )
            report.created += imported.created
            report.updated += imported.merged + imported.updated
            report.unchanged += imported.unchanged
            _link(owner, collection, new, items)


def _link(owner, collection: Collection, new: list, items: dict[str, Item]) -> None:
    """Each new card's item, pointing at the contact the importer made or merged it into."""
    keys = [incoming.keys.source for _h, _e, incoming in new]
    found = {
        (kind, external_id): contact_id
        for kind, external_id, contact_id in ContactSource.objects.filter(
            owner=owner, external_id__in=[k[1] for k in keys]
        ).values_list("kind", "external_id", "contact_id")
    }
    creates = []
    for href, etag, incoming in new:
        contact_id = found.get(incoming.keys.source)
        item = items.get(href)
        if item is None:
            item = Item(owner_id=owner.pk, collection=collection, href=href)
            creates.append(item)
        item.etag = etag[:250]
        item.uid = incoming.record.external_id[:255]
        item.contact_id = contact_id
        item.applied = applied_values(incoming)
        item.removed_at = None
        if item.pk:
            item.save()
    Item.objects.bulk_create(creates, batch_size=500)


def _update(item: Item, etag: str, incoming: Incoming, home_country: str, report) -> None:
    contact = (
        Contact.objects.filter(id=item.contact_id or 0)
        .prefetch_related("phones", "emails", "addresses")
        .get()
    )
    old = item.applied or {}
    new = applied_values(incoming)
    changed = False
    for name in SCALARS:
        current = getattr(contact, name)
        current_text = current.isoformat() if isinstance(current, dt.date) else (current or "")
        if new[name] != old.get(name) and (current_text == old.get(name, "") or not current):
            value = new[name]
            if name == "birthday":
                value = dt.date.fromisoformat(value) if value else None
            else:
                value = value[: max_length(Contact, name)]
            if name == "full_name" and not value:
                continue  # a contact always keeps a name
            setattr(contact, name, value)
            changed = True
    changed |= _sync_rows(contact, old, new, incoming)
    if changed:
        from tafelrunde.network.location import locate_contact

        contact.refresh_keys()
        locate_contact(contact, default_country=home_country or "DE")
        contact.save()
        report.updated += 1
    else:
        report.unchanged += 1
    if changed or item.etag != etag or item.removed_at is not None or item.applied != new:
        item.etag = etag[:250]
        item.applied = new
        item.removed_at = None
        item.save(update_fields=["etag", "applied", "removed_at"])


def _sync_rows(contact: Contact, old: dict, new: dict, incoming: Incoming) -> bool:
    """Phones, e-mails and addresses the source dropped go (if the contact still has them);
    the ones it added come; the user's own stay."""
    changed = False
    gone_phones = set(old.get("phones", [])) - set(new["phones"])
    have_phones = {p.number for p in contact.phones.all()}
    if gone_phones & have_phones:
        Phone.objects.filter(contact=contact, number__in=gone_phones).delete()
        changed = True
    for number, kind in incoming.phones:
        if number not in have_phones:
            Phone.objects.create(
                owner_id=contact.owner_id, contact=contact, number=number, type=kind
            )
            changed = True
    gone_emails = set(old.get("emails", [])) - set(new["emails"])
    have_emails = {e.address.lower() for e in contact.emails.all()}
    if gone_emails & have_emails:
        Email.objects.filter(contact=contact, address__in=gone_emails).delete()
        changed = True
    for address in new["emails"]:
        if address not in have_emails:
            Email.objects.create(owner_id=contact.owner_id, contact=contact, address=address)
            changed = True
    gone = {tuple(a) for a in old.get("addresses", [])} - {tuple(a) for a in new["addresses"]}
    have = {_address_key(a): a for a in contact.addresses.all()}
    for key in gone & set(have):
        have[key].delete()
        changed = True
    for record in incoming.record.addresses:
        if _address_key(record) not in have:
            address_row(contact, record).save()
            changed = True
    if changed:
        # The prefetched rows are stale now; locating reads them again.
        cache = getattr(contact, "_prefetched_objects_cache", {})
        for relation in ("phones", "emails", "addresses"):
            cache.pop(relation, None)
    return changed


def mark_removed(collection: Collection, hrefs: list[str], report: SyncReport) -> None:
    """Cards deleted at the source: their contacts stay, marked removed from the source."""
    if not hrefs:
        return
    now = timezone.now()
    with transaction.atomic():
        count = Item.objects.filter(
            collection=collection, href__in=hrefs, removed_at__isnull=True
        ).update(removed_at=now)
    report.removed += count


def removed_from(contact: Contact) -> list[tuple[str, dt.datetime]]:
    """(source name, when) for each source that deleted the card this contact came from."""
    rows = Item.objects.filter(contact=contact, removed_at__isnull=False).select_related(
        "collection__source"
    )
    return [(item.collection.source.name, item.removed_at) for item in rows if item.removed_at]
