"""The import, export and "you may already know…" pages, as the owner uses them."""

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import strip_tags

from tafelrunde.network.models import Contact, NamesakeGroup
from tafelrunde.web.views import contact_files as views_exchange
from tests.factories import ContactFactory, UserFactory

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
JOERG = """BEGIN:VCARD
VERSION:3.0
N:Müller;Jörg;;;
FN:Jörg Müller
ORG:Müller Maschinenbau GmbH;
TEL;type=WORK:0351 4864 2222
EMAIL;type=INTERNET:j.mueller@mueller-maschinenbau.example
ADR;type=WORK:;;Königsbrücker Straße 12;Dresden;;01099;Deutschland
END:VCARD
"""
WEBER_BAU = (
    "BEGIN:VCARD\nVERSION:3.0\nN:Weber;Thomas;;;\nFN:Thomas Weber\nORG:Weber Bau\nEND:VCARD\n"
)
WEBER_JENA = WEBER_BAU.replace("Weber Bau", "Stadtwerke Jena")


def upload(client, *files: tuple[str, str | bytes], **fields):
    parts = [
        SimpleUploadedFile(name, c if isinstance(c, bytes) else c.encode()) for name, c in files
    ]
    return client.post(reverse("contact-import"), {"files": parts, "format": "auto", **fields})


def text(response) -> str:
    """The page as the user reads it: no tags, single spaces."""
    return " ".join(strip_tags(response.content.decode()).split())


# Import


def test_it_explains_which_files_it_reads(owner_client):
    page = text(owner_client.get(reverse("contact-import")))
    for kind in ("vCards", "Google", "Outlook", "LinkedIn", ".ics", "JSON export"):
        assert kind in page
    assert 'type="file"' in owner_client.get(reverse("contact-import")).content.decode()


def test_uploading_a_vcard_adds_the_contact_and_shows_one_new(owner_client, owner):
    response = upload(owner_client, ("iphone.vcf", JOERG))
    assert response.status_code == 302
    result = owner_client.get(response.url)
    assert "1 new" in text(result)
    assert "0 failed" in text(result)
    joerg = Contact.objects.get(owner=owner)
    assert joerg.full_name == "Jörg Müller"
    assert joerg.place.name == "Dresden"


def test_several_files_go_in_one_upload(owner_client, owner):
    upload(
        owner_client,
        ("iphone.vcf", JOERG),
        ("google.csv", (SAMPLES / "csv/google_contacts.csv").read_bytes()),
    )
    names = set(Contact.objects.filter(owner=owner).values_list("full_name", flat=True))
    assert "Jörg Müller" in names
    assert len(names) > 1


def test_a_dry_run_shows_the_counts_and_saves_nothing(owner_client, owner):
    response = upload(owner_client, ("iphone.vcf", JOERG), dry_run="on")
    page = text(owner_client.get(response.url))
    assert "1 new" in page
    assert "Nothing was saved" in page
    assert not Contact.objects.filter(owner=owner).exists()


def test_a_junk_file_is_a_form_error_and_changes_nothing(owner_client, owner):
    ContactFactory(owner=owner, full_name="Anna Schmidt")
    response = upload(owner_client, ("iphone.vcf", JOERG), ("junk.bin", bytes(range(256)) * 20))
    assert response.status_code == 200
    page = text(response)
    assert "junk.bin" in page
    assert "Nothing was imported" in page
    assert list(Contact.objects.filter(owner=owner).values_list("full_name", flat=True)) == [
        "Anna Schmidt"
    ]


def test_a_bad_card_is_listed_with_file_and_record_number(owner_client, owner):
    data = (SAMPLES / "vcard/iphone-one-card-without-name.vcf").read_bytes()
    response = upload(owner_client, ("iphone.vcf", data))
    result = owner_client.get(response.url)
    row = result.content.decode().split("<tbody>")[1].split("</tr>")[0]
    cells = [strip_tags(cell).strip() for cell in row.split("</td>")[:2]]
    assert cells == ["iphone.vcf", "2"]
    assert "2 new" in text(result) and "1 failed" in text(result)
    assert Contact.objects.filter(owner=owner).count() == 2


def test_an_upload_over_the_limit_is_refused_without_reading_it(owner_client, owner, monkeypatch):
    monkeypatch.setattr(views_exchange, "MAX_UPLOAD_BYTES", 1000)
    response = upload(owner_client, ("big.vcf", JOERG * 10))
    assert response.status_code == 400
    assert "too large" in text(response)
    assert not Contact.objects.filter(owner=owner).exists()


def test_an_upload_without_files_asks_for_one(owner_client):
    response = owner_client.post(reverse("contact-import"), {"format": "auto"})
    assert response.status_code == 200
    assert "This field is required" in text(response)


def test_a_tafelrunde_export_moves_into_an_empty_account(owner_client, networks):
    export = owner_client.get(reverse("contact-export", args=["json"])).content
    newcomer = UserFactory(username="newcomer")
    owner_client.force_login(newcomer)
    response = upload(owner_client, ("tafelrunde.json", export))
    assert "1 new" in text(owner_client.get(response.url))
    assert Contact.objects.get(owner=newcomer).full_name == "Jörg Müller"


def test_a_tafelrunde_export_into_an_account_with_data_is_refused(owner_client, networks, owner):
    export = owner_client.get(reverse("contact-export", args=["json"])).content
    response = upload(owner_client, ("tafelrunde.json", export))
    assert response.status_code == 200
    assert "Nothing was imported" in text(response)
    assert Contact.objects.filter(owner=owner).count() == 1


def test_the_result_page_without_an_import_leads_back_to_the_form(owner_client):
    response = owner_client.get(reverse("contact-import-result"))
    assert response.status_code == 302
    assert response.url == reverse("contact-import")


# Export


@pytest.fixture
def networks(owner, outsider):
    ContactFactory(owner=owner, given_name="Jörg", family_name="Müller", full_name="Jörg Müller")
    ContactFactory(
        owner=outsider, given_name="Greta", family_name="Geheim", full_name="Greta Geheim"
    )


@pytest.mark.parametrize(
    ("fmt", "content_type", "filename"),
    [
        ("json", "application/json", "tafelrunde-2026-11-27.json"),
        ("vcard", "text/vcard; charset=utf-8", "tafelrunde-2026-11-27.vcf"),
        ("csv", "text/csv; charset=utf-8", "tafelrunde-2026-11-27.csv"),
    ],
)
def test_an_export_downloads_only_the_owners_contacts(
    owner_client, networks, fmt, content_type, filename
):
    berlin_evening = dt.datetime(2026, 11, 27, 20, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    with time_machine.travel(berlin_evening, tick=False):
        response = owner_client.get(reverse("contact-export", args=[fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    body = response.content.decode("utf-8")
    assert "Müller" in body
    assert "Geheim" not in body


def test_the_json_export_is_the_full_restorable_export(owner_client, networks):
    export = json.loads(owner_client.get(reverse("contact-export", args=["json"])).content)
    assert export["format"] == "tafelrunde"
    assert [c["name"] for c in export["contacts"]] == ["Jörg Müller"]


def test_an_unknown_export_format_does_not_exist(owner_client):
    assert owner_client.get(reverse("contact-export", args=["xlsx"])).status_code == 404


def test_the_contact_list_links_to_import_export_and_suggestions(owner_client):
    page = owner_client.get(reverse("contact-list")).content.decode()
    for url in (
        reverse("contact-import"),
        reverse("contact-export", args=["json"]),
        reverse("contact-export", args=["vcard"]),
        reverse("contact-export", args=["csv"]),
        reverse("match-suggestions"),
    ):
        assert f'href="{url}"' in page


# "You may already know…"


@pytest.fixture
def two_webers(owner_client, owner):
    """Two Thomas Webers from two files: maybe one person, the importer cannot tell."""
    response = upload(owner_client, ("bau.vcf", WEBER_BAU), ("jena.vcf", WEBER_JENA))
    return owner_client.get(response.url)


def test_the_result_page_points_to_the_suggestions(two_webers):
    assert f'href="{reverse("match-suggestions")}"' in two_webers.content.decode()
    assert "You may already know 1" in text(two_webers)


def test_the_suggestions_page_shows_both_people_side_by_side(owner_client, two_webers):
    page = text(owner_client.get(reverse("match-suggestions")))
    assert "Weber Bau" in page and "Stadtwerke Jena" in page
    assert "Same person — merge" in page
    assert "Different people" in page


def test_same_person_merges_the_two_into_one(owner_client, owner, two_webers):
    suggestion = NamesakeGroup.objects.get(owner=owner)
    response = owner_client.post(reverse("match-suggestion-merge", args=[suggestion.pk]))
    assert response.status_code == 302
    weber = Contact.objects.get(owner=owner)
    assert weber.organisation == "Weber Bau"  # the first one known is kept
    assert weber.sources.count() == 2
    assert not NamesakeGroup.objects.filter(owner=owner).exists()
    assert "Merged into Thomas Weber" in text(owner_client.get(response.url))


def test_different_people_stay_apart_even_after_importing_again(owner_client, owner, two_webers):
    suggestion = NamesakeGroup.objects.get(owner=owner)
    owner_client.post(reverse("match-suggestion-keep-apart", args=[suggestion.pk]))
    assert Contact.objects.filter(owner=owner).count() == 2
    upload(owner_client, ("bau.vcf", WEBER_BAU), ("jena.vcf", WEBER_JENA))
    assert Contact.objects.filter(owner=owner).count() == 2
    page = text(owner_client.get(reverse("match-suggestions")))
    assert "Stadtwerke Jena" not in page
    suggestion.refresh_from_db()
    assert suggestion.status == NamesakeGroup.Status.KEPT_APART


@pytest.mark.parametrize("action", ["match-suggestion-merge", "match-suggestion-keep-apart"])
def test_the_outsider_cannot_decide_about_the_owners_contacts(
    client, owner, outsider, two_webers, action
):
    suggestion = NamesakeGroup.objects.get(owner=owner)
    client.force_login(outsider)
    response = client.post(reverse(action, args=[suggestion.pk]))
    assert response.status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == NamesakeGroup.Status.OPEN
    assert Contact.objects.filter(owner=owner).count() == 2


def test_the_outsider_sees_no_suggestions_of_the_owner(client, owner, outsider, two_webers):
    client.force_login(outsider)
    assert "Thomas Weber" not in text(client.get(reverse("match-suggestions")))


def test_deciding_needs_a_post(owner_client, owner, two_webers):
    suggestion = NamesakeGroup.objects.get(owner=owner)
    response = owner_client.get(reverse("match-suggestion-merge", args=[suggestion.pk]))
    assert response.status_code == 405
    assert Contact.objects.filter(owner=owner).count() == 2


# Everyone else


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("contact-import", []),
        ("contact-import-result", []),
        ("contact-export", ["json"]),
        ("contact-export", ["vcard"]),
        ("contact-export", ["csv"]),
        ("match-suggestions", []),
        ("match-suggestion-merge", [1]),
        ("match-suggestion-keep-apart", [1]),
        ("settings", []),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_strangers_are_sent_to_the_login_page(client, db, name, args, method):
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
