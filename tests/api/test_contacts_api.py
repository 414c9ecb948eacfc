"""/api/v1/contacts: the network searched, read, added, changed and deleted by token."""

import pytest

from tafelrunde.meals.models import Note
from tafelrunde.network.models import Contact
from tests.factories import (
    AddressFactory,
    ContactFactory,
    MealFactory,
    MealParticipantFactory,
    NoteFactory,
    PhoneFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(response) -> dict:
    """{"body.place": "No place called …", …} from a 422."""
    assert response.status_code == 422, response.content
    return {".".join(map(str, e["loc"])): e["msg"] for e in response.json()["detail"]}


def test_the_list_searches_folded_names_and_pages(api, owner, outsider):
    for name in ("Jörg Müller", "Anna Muller", "Bernd Berger"):
        given, family = name.split()
        ContactFactory(owner=owner, given_name=given, family_name=family, organisation="")
    ContactFactory(owner=outsider, given_name="Max", family_name="Müller")
    found = api.get("/contacts", q="muller").json()
    assert found["count"] == 2
    assert {c["full_name"] for c in found["items"]} == {"Jörg Müller", "Anna Muller"}
    page = api.get("/contacts", limit=1, offset=1).json()
    assert page["count"] == 3 and len(page["items"]) == 1


def test_a_contact_has_its_phones_address_and_location(api, owner):
    dresden = PlaceFactory(city="Dresden")
    contact = ContactFactory(owner=owner, given_name="Jörg", family_name="Müller")
    contact.set_location(dresden, "address", 0.9)
    contact.save()
    PhoneFactory(contact=contact, number="+4935148642222")
    AddressFactory(contact=contact)
    data = api.get(f"/contacts/{contact.pk}").json()
    assert data["full_name"] == "Jörg Müller"
    assert data["phones"] == ["+4935148642222"]
    assert data["address"]["city"] == "Dresden"
    assert data["location"] == {**dresden.as_json(), "source": "address", "confidence": 0.9}


def test_adding_a_contact_normalises_phones_and_locates_it(api, owner):
    response = api.post(
        "/contacts",
        {
            "given_name": "Jörg",
            "family_name": "Müller",
            "kinds": ["customer", "school_friend"],
            "phones": ["0351 4864 2222"],
            "emails": ["joerg@example.com"],
            "known_since": "2004-05-01",
        },
    )
    assert response.status_code == 201
    data = response.json()
    assert data["full_name"] == "Jörg Müller"
    assert data["phones"] == ["+4935148642222"]
    assert (data["importance"], data["language"], data["address_form"]) == (3, "de", "sie")
    assert data["location"]["name"] == "Dresden"  # from the area code
    assert Contact.objects.get(pk=data["id"]).owner == owner


def test_each_kind_counts_once(api):
    data = api.post("/contacts", {"full_name": "X", "kinds": ["friend", "customer", "friend"]})
    assert data.json()["kinds"] == ["friend", "customer"]


def test_a_place_given_by_hand_is_kept(api):
    data = api.post("/contacts", {"full_name": "Maria Huber", "place": "Muenchen"}).json()
    assert (data["location"]["name"], data["location"]["source"]) == ("Munich", "manual")


@pytest.mark.parametrize(
    "body, where",
    [
        ({}, "body"),
        ({"given_name": "  "}, "body"),
        ({"full_name": "X", "phones": ["call me maybe"]}, "body.phones"),
        ({"full_name": "X", "emails": ["not an address"]}, "body.emails"),
        ({"full_name": "X", "place": "Atlantis-upon-Sea"}, "body.place"),
        ({"full_name": "X", "importance": 7}, "body.importance"),
        ({"full_name": "X", "importance": "5"}, "body.importance"),
        ({"full_name": "X", "do_not_invite": 1}, "body.do_not_invite"),
        ({"full_name": "X", "kinds": ["enemy"]}, "body.kinds.0"),
        ({"full_name": "X", "known_since": "2025-02-30"}, "body.known_since"),
        ({"full_name": "X", "known_since": 1700000000}, "body.known_since"),
        ({"full_name": "X\x00"}, "body.full_name"),
        ({"full_name": "X" * 251}, "body.full_name"),
        ({"full_name": "X", "nickname": "Jo"}, "body.nickname"),
        (
            {"full_name": "X", "address": {"city": "Dresden", "planet": "Earth"}},
            "body.address.planet",
        ),
    ],
)
def test_bad_contacts_are_refused_field_by_field(api, body, where):
    assert where in errors_of(api.post("/contacts", body))
    assert not Contact.objects.exists()


def test_a_body_that_is_not_json_is_a_400(api):
    response = api.client.post(
        "/api/v1/contacts",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}"},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


def test_a_body_too_large_is_a_413_in_json(api):
    body = {"full_name": "X", "notes": "x" * 3_000_000}
    response = api.post("/contacts", body)
    assert (response.status_code, response.json()) == (
        413,
        {"detail": "The request is too large: at most 1.0\xa0MB are accepted here."},
    )


def test_too_many_query_fields_are_a_400_in_json(api):
    query = "&".join(f"f{n}=1" for n in range(1100))
    response = api.client.get(f"/api/v1/contacts?{query}", headers=api._headers())
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "The request cannot be read."},
    )


def test_form_messages_are_in_english_whatever_the_clients_language(api):
    response = api.client.post(
        "/api/v1/contacts",
        data={"full_name": "X", "phones": ["call me maybe"]},
        content_type="application/json",
        headers={**api._headers(), "Accept-Language": "de"},
    )
    assert errors_of(response)["body.phones"] == (
        "“call me maybe” is not a phone number we understand."
    )


def test_a_change_touches_only_the_fields_sent(api, owner):
    contact = ContactFactory(
        owner=owner, given_name="Jörg", family_name="Müller", organisation="Elbe AG", importance=4
    )
    PhoneFactory(contact=contact, number="+4935148642222")
    response = api.patch(f"/contacts/{contact.pk}", {"family_name": "Müller-Lüdenscheidt"})
    assert response.status_code == 200
    data = response.json()
    assert data["full_name"] == "Jörg Müller-Lüdenscheidt"  # follows its parts
    assert (data["organisation"], data["importance"]) == ("Elbe AG", 4)
    assert data["phones"] == ["+4935148642222"]


def test_a_change_replaces_lists_and_removes_the_address(api, owner):
    contact = ContactFactory(owner=owner)
    PhoneFactory(contact=contact, number="+4935148642222")
    AddressFactory(contact=contact)
    data = api.patch(
        f"/contacts/{contact.pk}", {"phones": ["+49 89 123456"], "address": None}
    ).json()
    assert data["phones"] == ["+4989123456"]
    assert data["address"] is None


def test_a_refused_change_changes_nothing(api, owner):
    contact = ContactFactory(owner=owner, given_name="Jörg", family_name="Müller")
    errors = errors_of(
        api.patch(f"/contacts/{contact.pk}", {"family_name": "X", "place": "Nowhere-at-all"})
    )
    assert "body.place" in errors
    contact.refresh_from_db()
    assert contact.family_name == "Müller"


def test_deleting_a_contact(api, owner):
    contact = ContactFactory(owner=owner)
    response = api.delete(f"/contacts/{contact.pk}")
    assert response.status_code == 204 and response.content == b""
    assert not Contact.objects.exists()
    assert api.get(f"/contacts/{contact.pk}").status_code == 404


def test_deleting_a_contact_erases_them_from_meals_too(api, owner):
    contact = ContactFactory(owner=owner, given_name="Jörg", family_name="Müller")
    seat = MealParticipantFactory(meal=MealFactory(owner=owner, amount="86.50"), contact=contact)
    NoteFactory(contact=contact, text="Dreams of retiring to Portugal.")
    assert api.delete(f"/contacts/{contact.pk}").status_code == 204
    seat.refresh_from_db()
    assert seat.contact is None and "Müller" not in seat.name
    assert str(seat.meal.amount) == "86.50"
    assert not Note.objects.exists()


@pytest.mark.parametrize("bad_id", ["abc", "0", "-1", str(2**63), str(2**70), "1.5"])
def test_ids_that_cannot_be_rows_are_a_422(api, bad_id):
    response = api.get(f"/contacts/{bad_id}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "contact_id"]


def test_the_largest_id_is_simply_not_found(api):
    response = api.get(f"/contacts/{2**63 - 1}")
    assert response.status_code == 404
    assert response.json() == {"detail": f"No contact with id {2**63 - 1}."}


def test_unknown_query_parameters_are_named(api):
    errors = errors_of(api.get("/contacts", limt="5"))
    assert "Unknown query parameter" in errors["query.limt"]


@pytest.mark.parametrize(
    "params", [{"limit": "0"}, {"limit": "100000"}, {"offset": "-1"}, {"offset": str(2**64)}]
)
def test_pages_out_of_range_are_a_422(api, params):
    assert api.get("/contacts", **params).status_code == 422


def test_a_contact_has_a_salutation_to_read_and_to_change(api, owner):
    contact = ContactFactory(owner=owner, title="Dr.", given_name="Uwe", family_name="Lang")
    assert api.get(f"/contacts/{contact.pk}").json()["salutation"] == ""
    response = api.patch(f"/contacts/{contact.pk}", {"salutation": "mr"})
    assert response.status_code == 200
    assert (response.json()["salutation"], response.json()["title"]) == ("mr", "Dr.")
    assert api.patch(f"/contacts/{contact.pk}", {"salutation": "herr"}).status_code == 422
    created = api.post("/contacts", {"given_name": "Eva", "family_name": "Ost"}).json()
    assert created["salutation"] == ""
