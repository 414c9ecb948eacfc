"""Address books followed over CardDAV, against a real Radicale server: the first sync through
the file importer, incremental syncs after cards are added, changed and deleted at the source,
what the user keeps only in Tafelrunde surviving, and failures that leave the data as it was."""

from __future__ import annotations

import re
import uuid

import pytest

from tafelrunde.network.models import Contact
from tafelrunde.sync import carddav
from tafelrunde.sync import run as sync_run
from tafelrunde.sync.errors import SyncError
from tafelrunde.sync.models import Item, Source
from tafelrunde.sync.run import run_sync
from tafelrunde.sync.sources import add_source, error_text
from tests.conftest import CORPUS
from tests.sync.radicale_server import USERS, RadicaleServer, vcard

pytestmark = pytest.mark.django_db(transaction=True)

# The corpus's vCard 3.0 and 4.0 files: what CardDAV servers store (Radicale refuses 2.1).
CORPUS_CARDS = [
    "John_Doe_IPHONE.vcf",
    "gmail-single.vcf",
    "gmail-single2.vcf",
    "thunderbird-MoreFunctionsForAddressBook-extension.vcf",
    "gmail-list.vcf",
    "fullcontact.vcf",
    "issue114.vcf",
]


def corpus_cards() -> dict[str, bytes]:
    """The corpus's cards one per resource, each with a UID (a CardDAV client adds one)."""
    cards: dict[str, bytes] = {}
    for name in CORPUS_CARDS:
        path = CORPUS / "vcard" / name
        if not path.exists():
            pytest.skip(f"the shared corpus is missing at {CORPUS}")
        text = path.read_bytes().decode("utf-8", "replace")
        for number, card in enumerate(re.findall(r"BEGIN:VCARD.*?END:VCARD", text, re.S), 1):
            if not re.search(r"^UID[:;]", card, re.M):
                card = card.replace("\n", f"\nUID:corpus-{name}-{number}\n", 1)
            cards[f"{name}-{number}.vcf"] = (card.strip() + "\r\n").encode()
    return cards


@pytest.fixture
def server(tmp_path):
    with RadicaleServer(tmp_path / "radicale") as radicale:
        radicale.make_address_book("anna", "contacts", "Kontakte")
        yield radicale


def follow(owner, server, password=None) -> Source:
    return add_source(
        owner,
        "carddav",
        server.url,
        username="anna",
        password=password or USERS["anna"],
    )


def test_discovery_first_sync_and_a_sync_with_nothing_changed(owner, server):
    cards = corpus_cards()
    for name, data in cards.items():
        server.put("anna", "contacts", name, data)
    source = follow(owner, server)
    assert [c.name for c in source.collections.all()] == ["Kontakte"]

    first = run_sync(source, "test-worker")
    assert first.error is None, first.error
    assert first.report.created >= 5
    linked = Item.objects.filter(collection__source=source, contact__isnull=False)
    assert linked.count() == len(cards) - len(first.report.problems)
    john = Contact.objects.get(owner=owner, full_name__contains="John Richter James Doe")
    assert john.phones.exists()

    again = run_sync(source, "test-worker")
    assert again.error is None
    assert again.report.counts() == {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    source.refresh_from_db()
    assert source.last_success_at is not None
    assert source.last_counts["created"] == 0


def test_changes_at_the_source_update_only_what_came_from_it(owner, server, client):
    uid = str(uuid.uuid4())
    server.put(
        "anna",
        "contacts",
        "frank.vcf",
        vcard(
            "Frank Lindner",
            uid=uid,
            tel="+49 351 1234567",
            org="Elbe Bau",
            city="Dresden",
            country="Germany",
        ),
    )
    source = follow(owner, server)
    assert run_sync(source, "w").report.created == 1
    frank = Contact.objects.get(owner=owner, full_name="Frank Lindner")
    # What the user keeps only in Tafelrunde.
    frank.kinds = ["customer"]
    frank.importance = 3
    frank.language = "en"
    frank.address_form = "du"
    frank.notes = "Loves Radeberger."
    frank.save()

    server.put(
        "anna",
        "contacts",
        "frank.vcf",
        vcard(
            "Frank Lindner",
            uid=uid,
            tel="+49 351 7654321",
            org="Elbe Bau GmbH",
            city="Dresden",
            country="Germany",
        ),
    )
    server.put("anna", "contacts", "clara.vcf", vcard("Clara Vogt", email="clara@example.org"))
    result = run_sync(source, "w")
    assert result.error is None
    assert (result.report.created, result.report.updated) == (1, 1)
    frank.refresh_from_db()
    assert frank.organisation == "Elbe Bau GmbH"
    assert [p.number for p in frank.phones.all()] == ["+493517654321"]
    assert frank.kinds == ["customer"]
    assert frank.importance == 3
    assert (frank.language, frank.address_form) == ("en", "du")
    assert frank.notes == "Loves Radeberger."

    # A field the user changed by hand is not overwritten by the next change at the source.
    frank.organisation = "Elbe Bau (Niederlassung Ost)"
    frank.save()
    server.put(
        "anna",
        "contacts",
        "frank.vcf",
        vcard(
            "Frank Lindner",
            uid=uid,
            tel="+49 351 7654321",
            org="Elbe Bau AG",
            city="Dresden",
            country="Germany",
        ),
    )
    run_sync(source, "w")
    frank.refresh_from_db()
    assert frank.organisation == "Elbe Bau (Niederlassung Ost)"


def test_a_card_deleted_at_the_source_marks_the_contact_and_deletes_nothing(owner, server, client):
    server.put("anna", "contacts", "frank.vcf", vcard("Frank Lindner", tel="+49 351 1234567"))
    source = follow(owner, server)
    run_sync(source, "w")
    frank = Contact.objects.get(owner=owner, full_name="Frank Lindner")

    server.delete("anna", "contacts", "frank.vcf")
    result = run_sync(source, "w")
    assert result.report.removed == 1
    assert Contact.objects.filter(pk=frank.pk).exists()
    client.force_login(owner)
    page = client.get(f"/contacts/{frank.pk}/").content.decode()
    assert f"Removed from {source.name} on" in page


def test_a_wrong_password_is_said_in_words_and_changes_nothing(owner, server):
    server.put("anna", "contacts", "frank.vcf", vcard("Frank Lindner"))
    source = follow(owner, server)
    run_sync(source, "w")
    source.set_password("wrong")
    source.save()
    result = run_sync(source, "w")
    assert result.error is not None and not result.error.retry
    source.refresh_from_db()
    assert "refused" in error_text(source)
    assert source.failures == 1
    assert "wrong" not in error_text(source)
    assert Contact.objects.filter(owner=owner).count() == 1


def test_a_server_that_stops_leaves_the_last_good_sync(owner, server):
    server.put("anna", "contacts", "frank.vcf", vcard("Frank Lindner"))
    source = follow(owner, server)
    run_sync(source, "w")
    server.stop()
    result = run_sync(source, "w")
    assert result.error is not None and result.error.retry
    source.refresh_from_db()
    assert error_text(source) == "the server could not be reached"
    assert source.last_counts == {"created": 1, "updated": 0, "unchanged": 0, "removed": 0}
    assert Contact.objects.filter(owner=owner, full_name="Frank Lindner").exists()


def test_cards_come_in_batches_each_fetched_while_the_one_before_is_written(
    owner, server, monkeypatch
):
    monkeypatch.setattr(sync_run, "BATCH", 2)
    monkeypatch.setattr(sync_run, "FETCH", 1)
    names = ["Frank Lindner", "Clara Vogt", "Jens Maier", "Uta Kern", "Rolf Brandt"]
    for number, name in enumerate(names):
        server.put("anna", "contacts", f"card-{number}.vcf", vcard(name))
    source = follow(owner, server)
    result = run_sync(source, "w")
    assert result.error is None, result.error
    assert result.report.created == 5
    assert sorted(Contact.objects.filter(owner=owner).values_list("full_name", flat=True)) == (
        sorted(names)
    )
    assert Item.objects.filter(collection__source=source, contact__isnull=False).count() == 5


def test_a_fetch_that_fails_midway_keeps_the_batches_written_before(owner, server, monkeypatch):
    monkeypatch.setattr(sync_run, "BATCH", 2)
    for number in range(5):
        server.put("anna", "contacts", f"card-{number}.vcf", vcard(f"Frank Lindner{number}"))
    source = follow(owner, server)
    fetches = []
    fetch_cards = carddav.fetch_cards

    def failing_second(http, book_url, hrefs, batch_size):
        fetches.append(hrefs)
        if len(fetches) == 2:
            raise SyncError("the server could not be reached")
        return fetch_cards(http, book_url, hrefs, batch_size=batch_size)

    monkeypatch.setattr(carddav, "fetch_cards", failing_second)
    result = run_sync(source, "w")
    assert result.error is not None and result.error.retry
    assert Contact.objects.filter(owner=owner).count() == 2

    monkeypatch.setattr(carddav, "fetch_cards", fetch_cards)
    again = run_sync(source, "w")
    assert again.error is None, again.error
    assert again.report.created == 3  # the two written before are not fetched again
    assert Contact.objects.filter(owner=owner).count() == 5
