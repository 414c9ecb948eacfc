"""The receipt joins the bill, is sealed on approval and changes only by new versions (issue 18).

Bills are made here: a photo rendered with Pillow (stored sideways with an EXIF orientation, as
phones do), a PDF made with ReportLab, a HEIC file Pillow cannot open. PDFs are read back with
pypdf: pages, text, and the size of the bill's image as placed in the PDF.
"""

import datetime as dt
import hashlib
import html
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image, ImageDraw
from pypdf import PdfReader

from tafelrunde.accounts.models import profile_for
from tafelrunde.meals import sealing
from tafelrunde.meals.logbook import delete_meal, save_meal
from tafelrunde.meals.models import Meal, MealParticipant, ReceiptLogEntry, ReceiptVersion
from tafelrunde.meals.receipt_checks import receipt_findings
from tafelrunde.meals.receipts import build_receipt_pdf
from tafelrunde.relationships.erase import erase_contact
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
    MealFactory,
    PlaceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_uploads")]

OCCASION = "Abstimmung Rahmenvertrag 2027 mit Müller GmbH"
APPROVED = dt.datetime(2027, 3, 15, 12, 0, tzinfo=dt.UTC)
CHANGED = dt.datetime(2027, 3, 16, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock():
    """The clock stands at the approval; a test moves it on to the change."""
    with time_machine.travel(APPROVED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def host(owner):
    profile = profile_for(owner)
    profile.full_name, profile.language = "Dr. Hans Gastgeber", "de"
    profile.save()
    return owner


@pytest.fixture
def guest(host):
    return ContactFactory(owner=host, given_name="Jörg", family_name="Weiß", organisation="")


@pytest.fixture
def meal(host, guest):
    meal = MealFactory(
        owner=host,
        date=dt.date(2027, 3, 14),
        restaurant="Brauhaus Müller",
        restaurant_address="Königstraße 5, 01097 Dresden",
        place=PlaceFactory(city="Dresden"),
        occasion=OCCASION,
        business=True,
        amount=Decimal("123.40"),
        tip=Decimal("12.60"),
    )
    MealParticipant.objects.create(meal=meal, contact=guest)
    return meal


def pages_of(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages)


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pages_of(pdf)).split())


def photo_of_a_bill(width=600, height=300, orientation=None, kind="JPEG") -> bytes:
    """A bill as a phone stores it: pixels sideways (landscape) and an EXIF orientation that
    says how to turn them; the dark strip marks the bill's top once upright."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 40, height), fill="black")
    draw.text((60, 20), "BRAUHAUS MUELLER  SUMME 123,40", fill="black")
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, kind, exif=exif.tobytes() if orientation else b"")
    return out.getvalue()


def bill_as_pdf(pages=2) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    drawing = canvas.Canvas(out)
    for number in range(1, pages + 1):
        drawing.drawString(72, 720, f"KASSENBON 4711 Seite {number}")
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def attach(meal: Meal, name: str, content: bytes) -> Meal:
    meal.bill_photo.save(name, ContentFile(content))
    return meal


def approve_on(meal, owner):
    return sealing.approve(meal, owner)


def stored(version: ReceiptVersion) -> bytes:
    with version.pdf.open("rb") as handle:
        return handle.read()


# The PDF: the bill on its own page, TSE data, the host above 250 €


def test_the_bill_photo_is_on_its_own_page_turned_upright(meal):
    attach(meal, "bill.jpg", photo_of_a_bill(600, 300, orientation=6))  # stored sideways
    pdf = build_receipt_pdf(meal)
    pages = pages_of(pdf)
    assert len(pages) == 2
    assert "Die Rechnung der Gaststätte ist auf der folgenden Seite beigefügt." in text_of(pdf)
    (picture,) = pages[1].images
    width, height = picture.image.size
    assert (width, height) == (300, 600)  # upright: as tall as the sideways pixels were wide
    assert "Rechnung der Gaststätte zum Bewirtungsbeleg vom 14.03.2027" in pages[1].extract_text()
    assert not pages[0].images


def test_a_photo_without_orientation_keeps_its_shape_and_fits_the_page(meal):
    attach(meal, "bill.png", photo_of_a_bill(3000, 1000, kind="PNG"))
    pages = pages_of(build_receipt_pdf(meal))
    (picture,) = pages[1].images
    assert picture.image.size == (3000, 1000)
    box = pages[1].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((595.3, 841.9), abs=0.1)


def test_a_bill_sent_as_pdf_has_its_pages_appended(meal):
    attach(meal, "bill.pdf", bill_as_pdf(pages=2))
    pdf = build_receipt_pdf(meal, "en")
    pages = pages_of(pdf)
    assert len(pages) == 3
    assert "The restaurant's bill is attached on the following page." in text_of(pdf)
    assert "KASSENBON 4711 Seite 1" in pages[1].extract_text()
    assert "KASSENBON 4711 Seite 2" in pages[2].extract_text()


def test_a_heic_photo_is_named_as_attached_separately(meal):
    attach(meal, "bill.heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 200)
    pdf = build_receipt_pdf(meal)
    assert len(pages_of(pdf)) == 1
    assert "Die Rechnung der Gaststätte (HEIC) kann hier nicht abgebildet werden und ist " in (
        text_of(pdf)
    )
    assert "gesondert beigefügt." in text_of(pdf)


def test_a_bill_missing_from_disk_is_to_be_attached_as_before(meal):
    attach(meal, "bill.jpg", photo_of_a_bill())
    meal.bill_photo.storage.delete(meal.bill_photo.name)
    pdf = build_receipt_pdf(meal)
    assert len(pages_of(pdf)) == 1
    assert "Rechnung der Gaststätte ist beizufügen." in text_of(pdf)


def test_the_tse_data_are_on_the_receipt_when_known(meal):
    Meal.objects.filter(pk=meal.pk).update(
        tse_serial="TSE-SN-0815",
        tse_transaction=4711,
        tse_start=dt.datetime(2027, 3, 14, 18, 42, 10, tzinfo=dt.UTC),
        tse_end=dt.datetime(2027, 3, 14, 20, 5, 0, tzinfo=dt.UTC),
        tse_signature_counter=123456,
    )
    meal.refresh_from_db()
    german = text_of(build_receipt_pdf(meal, "de"))
    assert "TSE-Daten der Kasse (KassenSichV)" in german
    assert "Seriennummer der Kasse: TSE-SN-0815" in german
    assert "Transaktionsnummer: 4711" in german
    assert "Beginn: 14.03.2027, 19:42:10" in german  # in Berlin time
    assert "Ende: 14.03.2027, 21:05:00" in german
    assert "Signaturzähler: 123456" in german
    english = text_of(build_receipt_pdf(meal, "en"))
    assert "Register serial number: TSE-SN-0815" in english
    assert "Start: 14 March 2027, 19:42:10" in english
    assert "Signature counter: 123456" in english


def test_no_tse_lines_when_nothing_is_known(meal):
    assert "TSE" not in text_of(build_receipt_pdf(meal))


@pytest.mark.parametrize(
    ("amount", "named"), [("250.00", False), ("250.01", True), ("980.00", True)]
)
def test_a_bill_above_250_euros_names_the_host_explicitly(meal, amount, named):
    Meal.objects.filter(pk=meal.pk).update(amount=Decimal(amount))
    meal.refresh_from_db()
    german = text_of(build_receipt_pdf(meal, "de"))
    assert ("Bewirtende Person Dr. Hans Gastgeber" in german) is named
    assert ("muss den Namen der bewirtenden Person enthalten" in german) is named
    english = text_of(build_receipt_pdf(meal, "en"))
    assert ("Host Dr. Hans Gastgeber" in english) is named


# Approval and versions


def test_approving_stores_the_pdf_as_generated_with_its_sha256(meal, host):
    version = approve_on(meal, host)
    assert (version.number, version.meal_number, version.language) == (1, meal.pk, "de")
    assert version.approved_by == "Dr. Hans Gastgeber"
    assert version.approved_at == APPROVED
    content = stored(version)
    assert hashlib.sha256(content).hexdigest() == version.sha256
    assert version.pdf.name.startswith(f"receipts/{host.pk}/")
    assert "Freigegeben am 15.03.2027 von Dr. Hans Gastgeber." in text_of(content)
    assert "ersetzt" not in text_of(content)
    (entry,) = ReceiptLogEntry.objects.filter(meal_number=meal.pk)
    assert (entry.action, entry.who, entry.at) == ("approved", "Dr. Hans Gastgeber", APPROVED)
    assert version.fields["participants"] == ["Jörg Weiß"]


def test_an_english_approval_says_so_in_english(meal, host):
    profile = profile_for(host)
    profile.language = "en"
    profile.save()
    text = text_of(stored(approve_on(meal, host)))
    assert "Approved on 15 March 2027 by Dr. Hans Gastgeber." in text


def test_approving_twice_without_a_change_is_refused(meal, host):
    approve_on(meal, host)
    with pytest.raises(sealing.AlreadyApproved):
        sealing.approve(meal, host)
    assert ReceiptVersion.objects.count() == 1


def test_a_private_meal_cannot_be_approved(meal, host):
    Meal.objects.filter(pk=meal.pk).update(business=False)
    meal.refresh_from_db()
    with pytest.raises(ValueError, match="private"):
        sealing.approve(meal, host)
    assert not ReceiptVersion.objects.exists()


def edit_on_the_page(client, meal, **changes):
    """Post the meal form as the page shows it, with `changes`."""
    data = {
        "date": meal.date.isoformat(),
        "time": "",
        "restaurant": meal.restaurant,
        "restaurant_address": meal.restaurant_address,
        "place": meal.place.name if meal.place else "",
        "occasion": meal.occasion,
        "business": str(meal.business),
        "amount": str(meal.amount or ""),
        "tip": str(meal.tip or ""),
        "currency": meal.currency,
        "paid_by": meal.paid_by,
        "notes": meal.notes,
        "happened": "on",
        "guests": [str(s.contact_id) for s in meal.participants.exclude(contact=None)],
        **changes,
    }
    return client.post(reverse("meal-edit", args=[meal.pk]), data, HTTP_ACCEPT_LANGUAGE="en")


def test_an_edit_after_approval_seals_version_2_and_logs_each_change(
    owner_client, meal, host, clock
):
    first = approve_on(meal, host)
    before = stored(first)
    clock.move_to(CHANGED)
    response = edit_on_the_page(owner_client, meal, amount="130.00", occasion="Vertrag 2027 final")
    assert response.status_code == 302
    versions = list(sealing.versions_of(host, meal.pk))
    assert [v.number for v in versions] == [1, 2]
    second = versions[1]
    assert stored(versions[0]) == before  # version 1, byte for byte
    assert hashlib.sha256(stored(versions[0])).hexdigest() == first.sha256
    assert hashlib.sha256(stored(second)).hexdigest() == second.sha256
    text = text_of(stored(second))
    assert "Version 2, ersetzt Version 1 vom 15.03.2027." in text
    assert "Freigegeben am 16.03.2027 von Dr. Hans Gastgeber." in text
    assert "Rechnungsbetrag: 130,00 €" in text
    changes = {
        e.field: (e.old, e.new, e.who, e.at)
        for e in ReceiptLogEntry.objects.filter(meal_number=meal.pk, action="changed")
    }
    assert changes == {
        "amount": ("123.40", "130.00", "Dr. Hans Gastgeber", CHANGED),
        "occasion": (OCCASION, "Vertrag 2027 final", "Dr. Hans Gastgeber", CHANGED),
    }


def test_an_english_version_2_says_which_version_it_replaces(owner_client, meal, host, clock):
    profile = profile_for(host)
    profile.language = "en"
    profile.save()
    approve_on(meal, host)
    clock.move_to(CHANGED)
    edit_on_the_page(owner_client, meal, restaurant="Brauhaus Müller am Markt")
    second = sealing.current_version(meal)
    text = text_of(stored(second))
    assert "Version 2, replaces version 1 of 15 March 2027." in text
    assert "Approved on 16 March 2027 by Dr. Hans Gastgeber." in text


def test_a_save_that_changes_no_receipt_field_makes_no_version(owner_client, meal, host):
    approve_on(meal, host)
    edit_on_the_page(owner_client, meal, notes="He likes the dark beer.")
    assert ReceiptVersion.objects.count() == 1
    assert not ReceiptLogEntry.objects.filter(action="changed").exists()


def test_guests_and_the_bill_are_receipt_fields_too(meal, host, guest):
    approve_on(meal, host)
    other = ContactFactory(owner=host, given_name="Zoë", family_name="Ølsen")
    attach(meal, "bill.jpg", photo_of_a_bill())
    save_meal(meal, [(guest, None), (other, 4)])
    entries = {e.field: e for e in ReceiptLogEntry.objects.filter(action="changed")}
    assert set(entries) == {"participants", "bill_photo"}
    assert (entries["participants"].old, entries["participants"].new) == (
        "Jörg Weiß",
        "Jörg Weiß, Zoë Ølsen",
    )
    assert entries["bill_photo"].old == ""
    assert entries["bill_photo"].new.startswith("sha256:")
    second = sealing.current_version(meal)
    assert len(pages_of(stored(second))) == 2  # the bill joined the receipt


def test_changing_the_dinner_from_tonight_seals_a_new_version_too(meal, host, guest):
    from tafelrunde.tonight.dinner import plan_dinner

    evening = EveningFactory(owner=host, date=meal.date, place=meal.place)
    attempt = AttemptFactory(evening=evening, contact=guest, outcome="accepted")
    approve_on(meal, host)
    plan_dinner(attempt, restaurant="Ratskeller", meal=meal)
    assert sealing.current_version(meal).number == 2
    changed = ReceiptLogEntry.objects.filter(action="changed")
    assert {e.field for e in changed} == {"restaurant", "restaurant_address"}


def test_an_approved_meal_stays_a_business_meal(owner_client, meal, host):
    approve_on(meal, host)
    response = edit_on_the_page(owner_client, meal, business="False")
    assert response.status_code == 200
    assert "it stays a business meal" in html.unescape(response.content.decode())
    meal.refresh_from_db()
    assert meal.business


def test_two_versions_of_one_number_cannot_exist(meal, host):
    version = approve_on(meal, host)
    twin = ReceiptVersion(
        owner=host, meal=meal, meal_number=meal.pk, number=version.number, sha256="0" * 64,
        language="de", approved_by="x", approved_at=APPROVED, pdf=version.pdf.name,
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


# Deleting, erasing


def test_deleting_an_approved_meal_needs_a_reason_and_leaves_a_tombstone(owner_client, meal, host):
    version = approve_on(meal, host)
    url = reverse("meal-delete", args=[meal.pk])
    page = owner_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="reason"' in page.content.decode()
    refused = owner_client.post(url, {"reason": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert Meal.objects.filter(pk=meal.pk).exists()
    done = owner_client.post(url, {"reason": "Booked twice."})
    assert done.status_code == 302
    assert not Meal.objects.filter(pk=meal.pk).exists()
    tombstone = ReceiptLogEntry.objects.get(action="deleted")
    assert (tombstone.meal_number, tombstone.meal, tombstone.reason) == (
        meal.pk,
        None,
        "Booked twice.",
    )
    version.refresh_from_db()
    assert (version.meal, version.meal_number) == (None, meal.pk)
    pdf = owner_client.get(reverse("receipt-version", args=[meal.pk, 1]))
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]) == stored(version)


def test_deleting_an_approved_meal_without_a_reason_is_refused_everywhere(meal, host):
    approve_on(meal, host)
    with pytest.raises(sealing.ReasonRequired):
        delete_meal(meal, "")
    assert Meal.objects.filter(pk=meal.pk).exists()
    assert not ReceiptLogEntry.objects.filter(action="deleted").exists()


def test_deleting_a_meal_never_approved_is_as_before(owner_client, meal):
    page = owner_client.get(reverse("meal-delete", args=[meal.pk]))
    assert 'name="reason"' not in page.content.decode()
    assert owner_client.post(reverse("meal-delete", args=[meal.pk])).status_code == 302
    assert not Meal.objects.filter(pk=meal.pk).exists()
    assert not ReceiptLogEntry.objects.exists()


def test_erasing_a_guest_is_logged_and_their_name_leaves_snapshots_and_log(
    owner_client, meal, host, guest
):
    first = approve_on(meal, host)
    before = stored(first)
    other = ContactFactory(owner=host, given_name="Zoë", family_name="Ølsen")
    save_meal(meal, [(guest, None), (other, None)])  # version 2: "Jörg Weiß, Zoë Ølsen"
    erase_contact(guest)
    erased = ReceiptLogEntry.objects.get(action="erased")
    assert (erased.meal_number, erased.field, erased.new, erased.reason) == (
        meal.pk,
        "participants",
        MealParticipant.ERASED_NAME,
        "contact erased",
    )
    for version in ReceiptVersion.objects.all():
        assert "Jörg Weiß" not in json.dumps(version.fields, ensure_ascii=False)
    for entry in ReceiptLogEntry.objects.all():
        assert "Jörg Weiß" not in entry.old + entry.new
    assert stored(first) == before  # the sealed PDF stays as approved
    assert ReceiptVersion.objects.count() == 2  # no version of its own
    edit_on_the_page(owner_client, meal, notes="later")
    assert ReceiptVersion.objects.count() == 2  # and no spurious change afterwards


# The page


def test_the_meal_page_lists_what_is_missing_then_approves(owner_client, meal, host):
    Meal.objects.filter(pk=meal.pk).update(occasion="Geschäftsessen", restaurant_address="")
    url = reverse("meal-detail", args=[meal.pk])
    page = html.unescape(owner_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert '"Geschäftsessen" alone is too generic' in page
    assert "The restaurant's address is missing." in page
    assert "There is no photo of the restaurant's bill" in page
    assert "Approve receipt" in page
    approve_url = reverse("meal-receipt-approve", args=[meal.pk])
    assert owner_client.get(approve_url).status_code == 405
    assert owner_client.post(approve_url).status_code == 302
    page = html.unescape(owner_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Version 1, approved on March 15, 2027 by Dr. Hans Gastgeber." in page
    assert "Approve receipt" not in page
    assert reverse("receipt-version", args=[meal.pk, 1]) in page
    assert "Change log" in page


def test_the_receipt_download_of_an_approved_meal_is_the_sealed_pdf(owner_client, meal, host):
    version = approve_on(meal, host)
    response = owner_client.get(reverse("meal-receipt", args=[meal.pk]))
    assert response.content == stored(version)


def test_an_outsider_gets_404_for_a_version(client, meal, host, outsider):
    approve_on(meal, host)
    client.force_login(outsider)
    assert client.get(reverse("receipt-version", args=[meal.pk, 1])).status_code == 404


# Findings before approval


def test_findings_name_what_the_tax_office_would_miss(meal):
    Meal.objects.filter(pk=meal.pk).update(
        occasion="Kontaktpflege",
        restaurant="",
        restaurant_address="",
        amount=Decimal("300.00"),
        tse_start=dt.datetime(2027, 3, 13, 21, 0, tzinfo=dt.UTC),
    )
    meal.refresh_from_db()
    attach(meal, "bill.jpg", photo_of_a_bill())
    meal.participants.all().delete()
    findings = receipt_findings(meal)
    text = "\n".join(findings)
    assert '"Kontaktpflege" alone is too generic' in text
    assert "No guests are noted" in text
    assert "The restaurant's name is missing." in text
    assert "The restaurant's address is missing." in text
    assert "The bill is dated March 13, 2027, before the meal on March 14, 2027." in text
    assert "it must name you as the host" in text
    assert "photo of the restaurant's bill" not in text
    assert "TSE" not in text  # the TSE start is known


def test_a_complete_receipt_has_no_findings_and_a_private_meal_says_why(meal):
    attach(meal, "bill.jpg", photo_of_a_bill())
    Meal.objects.filter(pk=meal.pk).update(tse_serial="SN-1", tse_signature_counter=7)
    meal.refresh_from_db()
    assert receipt_findings(meal) == []
    Meal.objects.filter(pk=meal.pk).update(business=False)
    meal.refresh_from_db()
    assert receipt_findings(meal) == [
        "This is a private meal: a receipt is only made for business meals."
    ]


def test_a_german_bill_without_tse_data_is_doubted(meal):
    attach(meal, "bill.jpg", photo_of_a_bill())
    assert any("TSE data are not known" in finding for finding in receipt_findings(meal))


def test_the_bill_date_read_from_the_photo_counts_when_there_is_no_tse(meal):
    Meal.objects.filter(pk=meal.pk).update(
        bill_reading={"fields": {"date": {"value": "2027-03-15", "how": "ocr"}}}
    )
    meal.refresh_from_db()
    assert (
        "The bill is dated March 15, 2027, not the day of the meal (March 14, 2027)."
        in receipt_findings(meal)
    )


# The command


def test_command_approves_and_the_receipt_command_then_writes_the_sealed_bytes(
    run_command, tmp_path, meal, host
):
    status, out, err = run_command("receipt", "approve", str(meal.pk))
    assert status == 0, err
    version = sealing.current_version(meal)
    assert out == (
        f"Approved the receipt of meal {meal.pk}: version 1, SHA-256 {version.sha256}.\n"
    )
    assert "Warning: There is no photo of the restaurant's bill" in err
    output = tmp_path / "beleg.pdf"
    status, _out, _err = run_command("receipt", str(meal.pk), "--output", str(output))
    assert status == 0
    assert output.read_bytes() == stored(version)
    status, _out, err = run_command("receipt", "approve", str(meal.pk))
    assert (status, err) == (
        1,
        f"Error: The receipt of meal {meal.pk} is already approved as it is.\n",
    )


def test_command_history_as_json(run_command, meal, host, guest, clock):
    approve_on(meal, host)
    meal.tip = Decimal("15.00")
    clock.move_to(CHANGED)
    save_meal(meal, [(guest, None)])
    status, out, err = run_command("receipt", "history", str(meal.pk), "--json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert data["meal_id"] == meal.pk
    versions = data["versions"]
    assert [(v["number"], v["replaces"]) for v in versions] == [(1, None), (2, 1)]
    assert versions[0]["approved_by"] == "Dr. Hans Gastgeber"
    assert versions[0]["approved_at"] == "2027-03-15T12:00:00+00:00"
    assert {"sha256", "language", "size"} <= set(versions[0])
    assert data["log"][1] == {
        "action": "changed",
        "field": "tip",
        "old": "12.60",
        "new": "15.00",
        "who": "Dr. Hans Gastgeber",
        "at": "2027-03-16T09:00:00+00:00",
        "reason": "",
    }
    status, out, _err = run_command("receipt", "history", str(meal.pk))
    assert status == 0
    assert "Version 2, approved on 2027-03-16T09:00:00+00:00 by Dr. Hans Gastgeber" in out
    assert "tip: '12.60' → '15.00'" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("approve",), "Error: Say which meal: receipt approve MEAL_ID.\n"),
        (("history", "999999"), "Error: No meal with id 999999.\n"),
        (
            ("publish", "1"),
            "Error: Unknown action 'publish': use approve or history, or a meal id.\n",
        ),
        (
            ("history", "1", "--output", "x.pdf"),
            "Error: --output does not go with this use of receipt.\n",
        ),
    ],
)
def test_command_mistakes_are_one_line(run_command, meal, argv, message):
    status, _out, err = run_command("receipt", *argv)
    assert (status, err) == (1, message)


def test_command_without_output_says_so(run_command, meal):
    status, _out, err = run_command("receipt", str(meal.pk))
    assert (status, err) == (1, "Error: --output FILE.pdf is required to write a receipt.\n")


def test_command_help_shows_every_use(run_command):
    status, out, _err = run_command("receipt", "--help")
    assert status == 0
    for use in (
        "tafelrunde receipt MEAL_ID --output FILE.pdf",
        "tafelrunde receipt approve MEAL_ID",
        "tafelrunde receipt history MEAL_ID [--json]",
    ):
        assert use in out
