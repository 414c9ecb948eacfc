"""What you learned: the contact's timeline, the story so far, notes, facts and follow-ups."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import FollowUp, Meal, Note
from tafelrunde.network.models import LocationSource
from tafelrunde.relationships.timeline import contact_timeline, story_so_far
from tafelrunde.tonight.call_list import call_list
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
    FollowUpFactory,
    MealFactory,
    MealParticipantFactory,
    NoteFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_noon_12_march_2025")
BERLIN = ZoneInfo("Europe/Berlin")
TODAY = dt.date(2025, 3, 12)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BERLIN)


def meal_with(contact, day: dt.date, time=None, status=Meal.Status.HELD, **fields) -> Meal:
    meal = MealFactory(owner=contact.owner, date=day, time=time, status=status, **fields)
    MealParticipantFactory(meal=meal, contact=contact)
    return meal


def call(contact, day: dt.date, outcome=Attempt.Outcome.ACCEPTED, hour=17, **fields) -> Attempt:
    evening = EveningFactory(owner=contact.owner, date=day)
    return AttemptFactory(
        evening=evening, contact=contact, outcome=outcome, at=at(day, hour), **fields
    )


def kinds(contact) -> list[tuple[str, str]]:
    return [(entry.kind, entry.text) for entry in contact_timeline(contact)]


# The order


def test_notes_meals_calls_and_follow_ups_come_out_newest_first(owner, joerg):
    FollowUpFactory(contact=joerg, text="Send the brochure.", created_at=at(dt.date(2025, 1, 5), 9))
    call(joerg, dt.date(2025, 2, 10), hour=17)
    meal_with(joerg, dt.date(2025, 2, 10), dt.time(20, 0), restaurant="Sophienkeller")
    NoteFactory(contact=joerg, text="Dreams of Portugal.", created_at=at(dt.date(2025, 3, 1), 10))
    assert [kind for kind, _text in kinds(joerg)] == ["note", "meal", "attempt", "follow-up"]


def test_a_meal_without_a_time_counts_as_dinner_time(owner, joerg):
    day = dt.date(2025, 2, 10)
    call(joerg, day, hour=18)  # the call that led to it, before seven
    meal_with(joerg, day, time=None)
    NoteFactory(contact=joerg, text="Told me about his boat.", created_at=at(day, 22))
    assert [kind for kind, _text in kinds(joerg)] == ["note", "meal", "attempt"]


def test_a_meal_abroad_is_placed_at_its_local_time(owner, joerg):
    day = dt.date(2025, 2, 10)
    lisbon = PlaceFactory(city="Lisbon")
    meal_with(joerg, day, dt.time(19, 30), place=lisbon)  # 20:30 in Berlin
    call(joerg, day, hour=20)  # 20:00 in Berlin: before the meal
    assert [kind for kind, _text in kinds(joerg)] == ["meal", "attempt"]


def test_on_the_same_moment_the_consequence_comes_first_then_the_newer_row(owner, joerg):
    moment = at(dt.date(2025, 2, 10), 20)
    call(joerg, moment.date(), hour=20)
    NoteFactory(contact=joerg, text="first note", created_at=moment)
    FollowUpFactory(contact=joerg, text="the follow-up", created_at=moment)
    NoteFactory(contact=joerg, text="second note", kind=Note.Kind.FACT, created_at=moment)
    meal_with(joerg, moment.date(), dt.time(20, 0))
    assert [text for _kind, text in kinds(joerg)][:4] == [
        "the follow-up",
        "second note",
        "first note",
        "Meal at Sophienkeller",
    ]
    assert kinds(joerg)[-1][0] == "attempt"


def test_the_page_shows_the_timeline_newest_first_with_its_details(owner_client, owner, joerg):
    meal = meal_with(
        joerg, dt.date(2024, 6, 1), dt.time(19, 30), place=PlaceFactory(), restaurant="Pulverturm"
    )
    meal.participants.update(rating=4)
    call(
        joerg,
        dt.date(2025, 1, 20),
        Attempt.Outcome.DECLINED,
        channel=Attempt.Channel.WHATSAPP,
    )
    FollowUpFactory(contact=joerg, text="Send the foundation's address.", due=dt.date(2025, 4, 1))
    page = owner_client.get(reverse("contact-detail", args=[joerg.pk])).content.decode()
    positions = [
        page.index(text)
        for text in ("Send the foundation", "due April 1, 2025", "WhatsApp", "Pulverturm, Dresden")
    ]
    assert positions == sorted(positions)
    assert "declined, evening in Dresden" in page
    assert "warmth 4 of 5" in page


# The story so far


def test_the_story_of_an_old_acquaintance(owner_client, owner, joerg):
    joerg.known_since = dt.date(2004, 5, 1)
    joerg.save()
    for year in (2007, 2008, 2009):
        meal_with(joerg, dt.date(year, 10, 1))
    meal_with(joerg, dt.date(2025, 3, 20), status=Meal.Status.PLANNED)  # not a meeting yet
    for day in (dt.date(2007, 9, 30), dt.date(2008, 9, 30), dt.date(2009, 9, 30)):
        call(joerg, day, Attempt.Outcome.ACCEPTED)
    call(joerg, dt.date(2012, 1, 10), Attempt.Outcome.DECLINED)
    call(joerg, dt.date(2013, 1, 10), Attempt.Outcome.NO_ANSWER)  # no answer, no question
    line = "known since 2004 · last seen 2009 · 3 dinners · said yes 3 of 4 times"
    assert story_so_far(joerg, TODAY).line(TODAY) == line
    page = owner_client.get(reverse("contact-detail", args=[joerg.pk])).content.decode()
    assert line in page
    assert page.index(line) < page.index("Reach")


def test_a_brand_new_contact_was_never_met(owner_client, owner, joerg):
    assert story_so_far(joerg, TODAY).line(TODAY) == "never met"
    page = owner_client.get(reverse("contact-detail", args=[joerg.pk])).content.decode()
    assert '<p class="story">never met</p>' in page
    assert "Nothing yet" in page


def test_a_recent_meeting_is_told_by_month_and_one_dinner_is_one(owner, joerg):
    meal_with(joerg, dt.date(2025, 2, 14))
    call(joerg, dt.date(2025, 2, 14), Attempt.Outcome.ACCEPTED)
    assert story_so_far(joerg, TODAY).line(TODAY) == (
        "last seen February 2025 · 1 dinner · said yes 1 of 1 time"
    )


# Adding notes, facts and follow-ups


def test_it_adds_a_note_from_the_contact_page(owner_client, owner, joerg):
    url = reverse("contact-note-add", args=[joerg.pk])
    response = owner_client.post(url, {"text": "Daughter starts university.", "kind": "note"})
    assert response.status_code == 302
    assert response.url == reverse("contact-detail", args=[joerg.pk]) + "#timeline"
    note = Note.objects.get()
    assert (note.kind, note.text, note.owner) == ("note", "Daughter starts university.", owner)
    page = owner_client.get(response.url).content.decode()
    assert "Daughter starts university." in page


def test_it_adds_a_personal_fact(owner_client, owner, joerg):
    text = "Wants to emigrate south and join a charity project."
    owner_client.post(reverse("contact-note-add", args=[joerg.pk]), {"text": text, "kind": "fact"})
    fact = Note.objects.get()
    assert (fact.kind, fact.text) == (Note.Kind.FACT, text)
    page = owner_client.get(reverse("contact-detail", args=[joerg.pk])).content.decode()
    assert "personal fact" in page


def test_an_empty_note_is_a_form_error_and_saves_nothing(owner_client, owner, joerg):
    response = owner_client.post(reverse("contact-note-add", args=[joerg.pk]), {"text": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Note.objects.exists()


def test_it_adds_a_follow_up_with_a_due_date(owner_client, owner, joerg):
    data = {"text": "Send him the contact of the foundation in Porto.", "due": "2025-03-20"}
    response = owner_client.post(reverse("contact-follow-up-add", args=[joerg.pk]), data)
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert (follow_up.contact, follow_up.due, follow_up.done_at) == (
        joerg,
        dt.date(2025, 3, 20),
        None,
    )
    page = owner_client.get(reverse("contact-detail", args=[joerg.pk])).content.decode()
    assert "due March 20, 2025" in page
    assert reverse("follow-up-done", args=[follow_up.pk]) in page


def test_a_follow_up_needs_a_text_and_a_real_date(owner_client, owner, joerg):
    url = reverse("contact-follow-up-add", args=[joerg.pk])
    response = owner_client.post(url, {"text": "Call again", "due": "31.02.2025"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert owner_client.post(url, {"text": "", "due": ""}).status_code == 200
    assert not FollowUp.objects.exists()


def test_the_add_pages_work_without_the_contact_page(owner_client, joerg):
    for name in ("contact-note-add", "contact-follow-up-add"):
        response = owner_client.get(reverse(name, args=[joerg.pk]))
        assert response.status_code == 200
        assert "Jörg Müller" in response.content.decode()


# Marking a follow-up done


def test_marking_a_follow_up_done(owner_client, owner, joerg):
    follow_up = FollowUpFactory(contact=joerg)
    response = owner_client.post(reverse("follow-up-done", args=[follow_up.pk]))
    assert response.url == reverse("contact-detail", args=[joerg.pk]) + "#timeline"
    follow_up.refresh_from_db()
    assert follow_up.done_at == at(TODAY, 12)
    page = owner_client.get(reverse("contact-detail", args=[joerg.pk])).content.decode()
    assert "done on March 12, 2025" in page
    assert reverse("follow-up-done", args=[follow_up.pk]) not in page


def test_done_twice_keeps_the_first_time_and_goes_back_where_it_came_from(owner_client, joerg):
    follow_up = FollowUpFactory(contact=joerg, done_at=at(dt.date(2025, 3, 1), 9))
    url = reverse("follow-up-done", args=[follow_up.pk])
    response = owner_client.post(url, {"next": reverse("follow-ups")})
    assert response.url == reverse("follow-ups")
    follow_up.refresh_from_db()
    assert follow_up.done_at == at(dt.date(2025, 3, 1), 9)
    elsewhere = owner_client.post(url, {"next": "https://evil.example/"})
    assert elsewhere.url.startswith(reverse("contact-detail", args=[joerg.pk]))


@pytest.mark.parametrize("target", ["0", "contact-delete", "home"])
def test_done_takes_next_as_an_address_never_as_a_view_name(owner_client, joerg, target):
    # Found by fuzzing: redirect("0") looked "0" up as a view's name, a server error.
    follow_up = FollowUpFactory(contact=joerg)
    response = owner_client.post(reverse("follow-up-done", args=[follow_up.pk]), {"next": target})
    assert (response.status_code, response.url) == (302, target)


def test_done_is_a_post_only(owner_client, joerg):
    follow_up = FollowUpFactory(contact=joerg)
    assert owner_client.get(reverse("follow-up-done", args=[follow_up.pk])).status_code == 405
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


# The follow-ups page


def test_the_follow_ups_page_lists_open_ones_overdue_first_undated_last(
    owner_client, owner, outsider, joerg
):
    FollowUpFactory(contact=joerg, text="undated")
    FollowUpFactory(contact=joerg, text="next week", due=dt.date(2025, 3, 19))
    FollowUpFactory(contact=joerg, text="late", due=dt.date(2025, 3, 1))
    FollowUpFactory(contact=joerg, text="finished", done_at=at(dt.date(2025, 3, 2), 9))
    FollowUpFactory(contact=ContactFactory(owner=outsider), text="not yours")
    response = owner_client.get(reverse("follow-ups"))
    texts = [follow_up.text for follow_up, _state, _late in response.context["rows"]]
    assert texts == ["late", "next week", "undated"]
    assert [late for _follow_up, _state, late in response.context["rows"]] == [True, False, False]
    assert "not yours" not in response.content.decode()


# The call list shows what you learned last


def test_a_fact_added_on_the_page_is_what_you_ask_about_tonight(owner_client, owner, joerg):
    dresden = PlaceFactory()
    joerg.set_location(dresden, LocationSource.ADDRESS, 0.95)
    joerg.save()
    NoteFactory(contact=joerg, text="An older note.", created_at=at(dt.date(2025, 1, 1), 9))
    text = "Wants to emigrate south and join a charity project."
    owner_client.post(reverse("contact-note-add", args=[joerg.pk]), {"text": text, "kind": "fact"})
    [candidate] = call_list(owner, dresden, TODAY)
    assert candidate.last_note == text
    with time_machine.travel(at(TODAY, 13), tick=False):
        data = {"text": "Ask about the charity in Porto.", "due": ""}
        owner_client.post(reverse("contact-follow-up-add", args=[joerg.pk]), data)
    [candidate] = call_list(owner, dresden, TODAY)
    assert candidate.last_note == "Ask about the charity in Porto."
    owner_client.post(reverse("follow-up-done", args=[FollowUp.objects.get().pk]))
    [candidate] = call_list(owner, dresden, TODAY)
    assert candidate.last_note == text


# Only the owner


def test_the_outsider_gets_404_for_every_post_and_changes_nothing(outsider_client, owner, joerg):
    follow_up = FollowUpFactory(contact=joerg)
    posts = [
        (reverse("contact-note-add", args=[joerg.pk]), {"text": "x", "kind": "fact"}),
        (reverse("contact-follow-up-add", args=[joerg.pk]), {"text": "x", "due": ""}),
        (reverse("follow-up-done", args=[follow_up.pk]), {}),
    ]
    for url, data in posts:
        assert outsider_client.post(url, data).status_code == 404
        assert outsider_client.get(url).status_code in (404, 405)
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
    assert Note.objects.count() == 0 and FollowUp.objects.count() == 1


@pytest.mark.parametrize(
    "name, args",
    [
        ("contact-note-add", [1]),
        ("contact-follow-up-add", [1]),
        ("follow-up-done", [1]),
        ("follow-ups", []),
    ],
)
def test_strangers_are_sent_to_the_login_page(client, db, name, args):
    response = client.post(reverse(name, args=args), {"text": "x"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
