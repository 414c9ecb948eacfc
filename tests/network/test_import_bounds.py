"""A hostile card costs bounded work and never locks other accounts out of the database."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from tafelrunde.exchange.importing import import_files
from tafelrunde.network.models import Contact, Phone
from tests.core.importers.test_vcard_bounds import huge_card

pytestmark = pytest.mark.django_db


def test_a_huge_card_becomes_one_contact_with_fifty_numbers_and_the_report_says_why(owner):
    data = huge_card(20_000)  # 80,000 content lines, a few megabytes
    assert len(data) > 3_000_000

    report = import_files(owner, [("huge.vcf", data)])

    contact = Contact.objects.get(owner=owner)
    assert contact.phones.count() == contact.emails.count() == contact.addresses.count() == 50
    assert report.created == 1 and report.failed == 0
    remarks = [w["message"] for w in report.as_json()["warnings"]]
    assert "19950 more phone numbers left out: at most 50 per contact are kept" in remarks
    assert {w["source"] for w in report.warnings} == {"huge.vcf"}


def test_a_cut_off_card_is_imported_and_reported_as_incomplete_on_the_command_line(
    owner, tmp_path, run_command
):
    path = tmp_path / "cut.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Anna Schmidt\nTEL:0351 1234567\n")

    status, out, _err = run_command("import", str(path))

    assert status == 0
    assert Contact.objects.get(owner=owner).full_name == "Anna Schmidt"
    assert "cut.vcf, record 1: incomplete" in out


def test_the_import_page_shows_the_remark_on_a_cut_off_card(owner_client):
    upload = SimpleUploadedFile("cut.vcf", b"BEGIN:VCARD\nVERSION:3.0\nFN:Anna Schmidt\n")
    owner_client.post(reverse("contact-import"), {"files": [upload], "format": "auto"})

    page = owner_client.get(reverse("contact-import-result")).content.decode()

    assert "Imported with a remark" in page
    assert "incomplete: the card ends without END:VCARD" in page


@pytest.mark.django_db(transaction=True)
def test_other_accounts_can_write_while_a_huge_card_is_being_imported(owner, outsider):
    """On SQLite the importer used to hold the write lock while it cleaned the card's
    numbers: every other account's writes failed with "database is locked"."""
    preparing, written = threading.Event(), threading.Event()
    failures = []

    def progress(done, total=None):
        if not preparing.is_set():
            preparing.set()  # the importer is at work: let the other account write now
            written.wait(timeout=120)

    def run_import():
        try:
            import_files(owner, [("huge.vcf", huge_card(5_000))], progress=progress)
        except Exception as error:  # reported to the test below
            failures.append(error)
            preparing.set()
        finally:
            connection.close()

    importer = threading.Thread(target=run_import)
    importer.start()
    try:
        assert preparing.wait(timeout=120)
        Contact.objects.create(owner=outsider, full_name="Zora Outside")
        Client().force_login(outsider)  # a login writes its session
    finally:
        written.set()
        importer.join()

    assert failures == []
    assert Contact.objects.filter(owner=outsider).count() == 1
    assert Phone.objects.filter(owner=owner).count() == 50
