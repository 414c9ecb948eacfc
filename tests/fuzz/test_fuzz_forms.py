"""Every form of the web app, posted by the owner with whatever a browser, a script or an
attacker might send: never a server error, and the outsider's data never changes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from tafelrunde.evenings.models import Attempt
from tafelrunde.network.models import Kind
from tests.fuzz.calendars import ics_files
from tests.fuzz.conftest import fresh_database, fuzz_settings, owned_rows, row_counts
from tests.fuzz.exports import csv_files, vcard_files
from tests.fuzz.strategies import mutated, nasty_text, words
from tests.fuzz.web import (
    ANY_IDS,
    EMAILS,
    NEXT_URLS,
    PHONES,
    PLACES,
    Ref,
    fitting_dates,
    fitting_text,
    form,
    lines_of,
    refs,
    submit,
    url_for,
)

pytestmark = pytest.mark.django_db


CONTACT_FORM = form(
    salutation=st.sampled_from(["", "mr", "ms", "Herr", "x" * 3]),
    title=fitting_text(50),
    given_name=fitting_text(100),
    family_name=fitting_text(100),
    full_name=fitting_text(250),
    organisation=fitting_text(200),
    role=fitting_text(200),
    kinds=st.lists(st.sampled_from(Kind.values), max_size=3),
    importance=st.sampled_from(["1", "3", "5"]),
    language=st.sampled_from(["de", "en", "fr"]),
    address_form=st.sampled_from(["du", "sie"]),
    known_since=fitting_dates(),
    birthday=fitting_dates(),
    do_not_invite=st.sampled_from(["on", ""]),
    rhythm_days=st.sampled_from(["", "1", "30", "3650"]),
    notes=fitting_text(10_000),
    phones=lines_of(PHONES[:3]),
    emails=lines_of(EMAILS[:3]),
    street=fitting_text(250),
    postal_code=st.sampled_from(["01069", "8000", ""]),
    city=st.sampled_from(PLACES),
    country=st.sampled_from(["DE", "Deutschland", "Narnia", ""]),
    place=st.sampled_from(PLACES[:5]),
)


@fuzz_settings(40)
@given(
    target=st.sampled_from([None, Ref("mine.contact"), Ref("theirs.contact")]), data=CONTACT_FORM
)
def test_the_contact_form_takes_anything(owner_client, world, target, data):
    with fresh_database():
        url = url_for(world, "contact-edit", target) if target else url_for(world, "contact-create")
        submit(owner_client, world, "post", url, data)


TIMELINE_FORMS = st.one_of(
    st.tuples(
        st.just("contact-note-add"),
        refs("contact"),
        form(text=fitting_text(5000), kind=st.sampled_from(["note", "fact"])),
    ),
    st.tuples(
        st.just("contact-follow-up-add"),
        refs("contact"),
        form(text=fitting_text(500), due=fitting_dates()),
    ),
    st.tuples(
        st.just("follow-up-done"),
        refs("follow_up"),
        form(next=st.sampled_from(NEXT_URLS)),
    ),
    st.tuples(st.just("contact-delete"), refs("contact"), st.just({})),
    st.tuples(
        st.sampled_from(["match-suggestion-merge", "match-suggestion-keep-apart"]),
        refs("suggestion"),
        st.just({}),
    ),
)


@fuzz_settings(30)
@given(action=TIMELINE_FORMS)
def test_notes_follow_ups_and_suggestions_take_anything(owner_client, world, action):
    name, ref, data = action
    with fresh_database():
        submit(owner_client, world, "post", url_for(world, name, ref), data)


def bill_photos() -> st.SearchStrategy[SimpleUploadedFile]:
    names = st.sampled_from(["bill.jpg", "../../etc/passwd", "x" * 300 + ".png", "b\x00ll.pdf"])
    heads = st.sampled_from([b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"%PDF-1.4", b"MZ"])
    return st.builds(
        lambda name, head, body: SimpleUploadedFile(name, head + body), names, heads, st.binary()
    )


MEAL_FORM = form(
    date=fitting_dates().filter(bool),
    time=st.sampled_from(["19:30", "00:00", "23:59:59", ""]),
    restaurant=fitting_text(200),
    restaurant_address=fitting_text(300),
    occasion=fitting_text(300),
    business=st.sampled_from(["True", "False"]),
    amount=st.sampled_from(["", "0", "12.50", "99999999.99"]),
    tip=st.sampled_from(["", "0", "2.5", "99999999.99"]),
    currency=st.sampled_from(["EUR", "eur", "CHF"]),
    paid_by=st.sampled_from(["host", "guest", "split"]),
    notes=fitting_text(10_000),
    guests=st.one_of(
        st.lists(st.sampled_from([Ref("mine.contact"), Ref("mine.other")]), max_size=2),
        st.lists(refs("contact", "other", others=ANY_IDS), max_size=3),
    ),
    add_guests=st.sampled_from(["Anna Weber", "Bernd", "Anna Weber\nBernd Weber", "Weber", ""]),
    place=st.sampled_from(PLACES[:5]),
    happened=st.sampled_from(["on", ""]),
    bill_photo=st.one_of(st.none(), bill_photos()),
)


@fuzz_settings(40)
@given(
    target=st.sampled_from([None, None, Ref("mine.meal"), Ref("mine.meal"), Ref("theirs.meal")]),
    data=MEAL_FORM,
    rating=st.sampled_from(["1", "5", "9", "x", ""]),
)
def test_the_meal_form_takes_anything(owner_client, world, target, data, rating):
    data = {**data, f"rating_{world.mine.contact.pk}": rating}
    with fresh_database():
        url = url_for(world, "meal-edit", target) if target else url_for(world, "meal-create")
        submit(owner_client, world, "post", url, data)


TRIP_FORM = form(
    place=st.sampled_from(PLACES[1:5]),
    start=fitting_dates().filter(bool),
    end=fitting_dates().filter(bool),
    hotel=fitting_text(200),
    title=fitting_text(200),
    notes=fitting_text(10_000),
)


@fuzz_settings(30)
@given(
    action=st.sampled_from(["trip-create", "trip-edit", "trip-delete"]),
    ref=refs("trip"),
    data=TRIP_FORM,
)
def test_the_trip_form_takes_anything(owner_client, world, action, ref, data):
    with fresh_database():
        url = url_for(world, action, None if action == "trip-create" else ref)
        submit(owner_client, world, "post", url, data)


OUTCOME_FORM = form(
    contact=refs("contact", others=ANY_IDS),
    outcome=st.sampled_from(Attempt.Outcome.values),
    channel=st.sampled_from(Attempt.Channel.values),
    date=fitting_dates(),
    place=st.sampled_from(PLACES[:5]),
    next=st.sampled_from(NEXT_URLS),
)
DINNER_FORM = form(
    time=st.sampled_from(["19:30", "00:00", ""]),
    restaurant=fitting_text(200),
    restaurant_address=fitting_text(300),
)


@fuzz_settings(30)
@given(outcome=OUTCOME_FORM, attempt=refs("attempt"), dinner=DINNER_FORM)
def test_the_call_outcome_and_the_dinner_after_a_yes_take_anything(
    owner_client, world, outcome, attempt, dinner
):
    with fresh_database():
        submit(owner_client, world, "post", url_for(world, "tonight-outcome"), outcome)
        submit(owner_client, world, "post", url_for(world, "tonight-dinner-form", attempt), dinner)


PLACEHOLDERS = ("{name}", "{given_name}", "{unknown}", "{", "}", "{name!r}", "{name.__class__}")
TEMPLATE = st.one_of(
    st.lists(st.one_of(st.sampled_from(PLACEHOLDERS), words()), max_size=5).map(" ".join),
    nasty_text(),
)
SETTINGS_FORMS = st.one_of(
    st.tuples(
        st.just("settings"),
        form(
            first_name=fitting_text(150),
            last_name=fitting_text(150),
            email=st.sampled_from(EMAILS[:3]),
            full_name=fitting_text(200),
            home_place=st.sampled_from(PLACES[:5]),
            home_country=st.sampled_from(["DE", "AT", "CH"]),
            language=st.sampled_from(["de", "en"]),
        ),
    ),
    st.tuples(
        st.just("invitation-settings"),
        form(**{key: TEMPLATE for key in ("de-du", "de-sie", "en-du", "en-sie")}),
    ),
    st.tuples(
        st.just("contact-overdue"),
        form(**{kind: st.sampled_from(["", "1", "90", "3650"]) for kind in Kind.values}),
    ),
)


@fuzz_settings(30)
@given(action=SETTINGS_FORMS)
def test_settings_invitation_texts_and_rhythms_take_anything(owner_client, world, action):
    name, data = action
    with fresh_database():
        submit(owner_client, world, "post", url_for(world, name), data)


UPLOADS = st.one_of(
    vcard_files(max_cards=3).map(lambda spec: spec.data),
    csv_files(max_rows=3).map(lambda spec: spec.data),
    ics_files(max_events=3).map(lambda spec: spec.data),
    mutated(vcard_files(max_cards=2).map(lambda spec: spec.data), max_steps=3),
    st.binary(max_size=200),
)


@fuzz_settings(25)
@given(
    files=st.lists(
        st.tuples(st.sampled_from(["a.vcf", "b.csv", "c.ics", "\x00.txt"]), UPLOADS),
        min_size=1,
        max_size=3,
    ),
    fmt=st.sampled_from(["auto", "vcard", "ics", "google-csv", "json", "bogus"]),
    dry_run=st.sampled_from(["on", ""]),
)
def test_the_import_page_takes_any_file(owner_client, world, files, fmt, dry_run):
    uploads = [SimpleUploadedFile(name, content) for name, content in files]
    with fresh_database():
        before = row_counts()
        response = submit(
            owner_client,
            world,
            "post",
            url_for(world, "contact-import"),
            {"files": uploads, "format": fmt, "dry_run": dry_run},
        )
        if response.status_code != 302 or dry_run:  # refused, or only a dry run
            assert row_counts() == before


VALID_FORMS = {
    "contact-create": (
        None,
        {
            "given_name": "Jörg",
            "family_name": "Müller",
            "importance": "3",
            "language": "de",
            "address_form": "sie",
            "kinds": ["customer"],
        },
        (
            "title",
            "given_name",
            "family_name",
            "full_name",
            "organisation",
            "role",
            "notes",
            "phones",
            "emails",
            "street",
            "postal_code",
            "city",
            "country",
            "place",
        ),
    ),
    "contact-note-add": ("mine.contact", {"text": "Likes sailing", "kind": "fact"}, ("text",)),
    "contact-follow-up-add": ("mine.contact", {"text": "Send the offer"}, ("text",)),
    "meal-create": (
        None,
        {
            "date": "2026-03-12",
            "business": "True",
            "currency": "EUR",
            "paid_by": "host",
            "guests": [Ref("mine.contact")],
        },
        (
            "restaurant",
            "restaurant_address",
            "occasion",
            "notes",
            "add_guests",
            "place",
            "currency",
        ),
    ),
    "trip-create": (
        None,
        {"place": "München", "start": "2030-01-01", "end": "2030-01-03"},
        ("place", "hotel", "title", "notes"),
    ),
    "settings": (
        None,
        {"first_name": "Hans", "home_country": "DE", "language": "de"},
        ("first_name", "last_name", "full_name", "home_place"),
    ),
    "invitation-settings": (None, {}, ("de-du", "de-sie", "en-du", "en-sie")),
    "tonight-dinner-form": (
        "mine.attempt",
        {"restaurant": "Sophienkeller"},
        ("restaurant", "restaurant_address"),
    ),
}
WITH_NUL = st.builds(
    lambda a, b: a + "\x00" + b, st.sampled_from(["", "Jörg", "0351"]), st.text(max_size=5)
)


@fuzz_settings(40)
@given(page=st.sampled_from(sorted(VALID_FORMS)), data=st.data(), text=WITH_NUL)
def test_a_nul_character_in_any_text_field_is_a_form_error_and_saves_nothing(
    owner_client, owner, world, page, data, text
):
    ref, valid, text_fields = VALID_FORMS[page]
    field = data.draw(st.sampled_from(text_fields))
    with fresh_database():
        before = owned_rows(owner)
        response = submit(
            owner_client,
            world,
            "post",
            url_for(world, page, ref and Ref(ref)),
            {**valid, field: text},
        )

        assert response.status_code == 200
        assert "Null characters are not allowed." in response.content.decode()
        assert owned_rows(owner) == before


@fuzz_settings(15)
@given(
    login=form(username=st.sampled_from(["owner", "nobody", "x" * 10_000]), password=nasty_text())
)
def test_the_login_form_takes_anything(client, world, login):
    with fresh_database():
        response = client.post(url_for(world, "login"), login)
        assert response.status_code in (200, 302, 429)
        assert owned_rows(world.outsider) == world.outsider_rows
