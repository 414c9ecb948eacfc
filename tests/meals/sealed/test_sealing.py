"""The receipt is sealed on approval and changes only by new versions; deleting and erasing
leave a record; the meal's page; what is missing before approval (issue 18)."""

import datetime as dt
import hashlib
import html
import json
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tafelrunde.accounts.models import profile_for
from tafelrunde.meals import sealing
from tafelrunde.meals.logbook import delete_meal, save_meal
from tafelrunde.meals.models import Meal, MealParticipant, ReceiptLogEntry, ReceiptVersion
from tafelrunde.meals.receipt_checks import receipt_findings
from tafelrunde.relationships.erase import erase_contact
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
)
from tests.meals.sealed.receipts import (
    APPROVED,
    CHANGED,
    OCCASION,
    approve_on,
    attach,
    pages_of,
    photo_of_a_bill,
    stored,
    text_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_uploads")]


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
        bill_reading={"date": "2027-03-15", "how": {"date": "ocr"}, "proposed": False}
    )
    meal.refresh_from_db()
    assert (
        "The bill is dated March 15, 2027, not the day of the meal (March 14, 2027)."
        in receipt_findings(meal)
    )
