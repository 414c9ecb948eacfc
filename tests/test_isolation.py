"""No account reaches another's data: every page that takes an object id answers an
outsider with 404, exactly as if the object did not exist.

The meta-test walks every URL pattern: a new route with a parameter fails the suite until
it has a case below (or is listed as taking no object id). The API's operations have their
own meta-test over the OpenAPI schema (tests/api/test_api_isolation.py).
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from tafelrunde.evenings.models import Attempt
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
    FollowUpFactory,
    MealFactory,
    MealParticipantFactory,
    TripFactory,
    UserFactory,
    namesake_group,
)

pytestmark = pytest.mark.django_db

# Routes whose parameters name no owned object.
NOT_OBJECT_IDS = {
    "password_reset_confirm": "a signed one-time token, checked by Django",
    "contact-export": "a file format (json, vcard, csv), not an object",
    "reminders-off": "a signed link for one account's kind of mail (tests/reminders)",
    "calendar-feed": "a secret token, public to whoever holds it (tests/reminders/test_feed_view)",
    "guest-invitation": "a guest's secret link, public to whoever holds it (tests/rounds)",
    "guest-invitation-ics": "a guest's secret link, public to whoever holds it (tests/rounds)",
    "team-join": "a team invitation's secret link, for whoever holds it (tests/teams)",
}


def contact(owner):
    return {"pk": ContactFactory(owner=owner).pk}


def meal(owner):
    dinner = MealFactory(owner=owner, business=True, amount="84.50")
    MealParticipantFactory(meal=dinner, contact=ContactFactory(owner=owner))
    return {"pk": dinner.pk}


def meal_with_bill(owner):
    dinner = MealFactory(owner=owner)
    dinner.bill_photo.save("bill.jpg", SimpleUploadedFile("bill.jpg", b"\xff\xd8\xff\xe0 a bill"))
    return {"pk": dinner.pk}


def approved_meal(owner):
    from tafelrunde.meals.sealing import approve

    dinner = MealFactory(owner=owner, business=True, amount=Decimal("84.50"))
    MealParticipantFactory(meal=dinner, contact=ContactFactory(owner=owner))
    version = approve(dinner, owner)
    return {"meal_number": dinner.pk, "number": version.number}


def follow_up(owner):
    return {"pk": FollowUpFactory(contact=ContactFactory(owner=owner)).pk}


def suggestion(owner):
    one, other = ContactFactory(owner=owner), ContactFactory(owner=owner)
    return {"pk": namesake_group(owner, one, other).pk}


def accepted_attempt(owner):
    attempt = AttemptFactory(evening__owner=owner, outcome=Attempt.Outcome.ACCEPTED)
    return {"pk": attempt.pk}


def api_token(owner):
    from tafelrunde.api.tokens import create_token

    return {"pk": create_token(owner, "phone").token.pk}


def source(owner):
    from tafelrunde.sync.models import Source

    made = Source(owner=owner, kind="ics", name="TripIt")
    made.set_url("https://example.com/feed/secret.ics")
    made.save()
    return {"pk": made.pk}


def invitation_round(owner):
    from tafelrunde.rounds.models import Round

    evening = EveningFactory(owner=owner)
    made = Round.objects.create(owner=owner, evening=evening, expires_at=timezone.now())
    return {"pk": made.pk}


def trip(owner):
    return {"pk": TripFactory(owner=owner).pk}


def team(owner):
    from tafelrunde.teams.membership import create_team

    return {"pk": create_team(owner, "Vertrieb").team_id}


def team_member(owner):
    from tafelrunde.teams.membership import add_member, create_team

    mine = create_team(owner, "Vertrieb")
    return {"pk": mine.team_id, "member": add_member(mine, UserFactory()).pk}


def team_invitation(owner):
    from tafelrunde.teams.membership import create_team, invite

    mine = create_team(owner, "Vertrieb")
    return {"pk": mine.team_id, "invitation": invite(mine, "carla@example.com")[0].pk}


# How to make an object the owner owns, for each route that takes its id.
OWNED_OBJECT_ROUTES = {
    "contact-detail": contact,
    "contact-edit": contact,
    "contact-delete": contact,
    "contact-note-add": contact,
    "contact-follow-up-add": contact,
    "follow-up-done": follow_up,
    "match-suggestion-merge": suggestion,
    "match-suggestion-keep-apart": suggestion,
    "trip-edit": trip,
    "trip-delete": trip,
    "meal-detail": meal,
    "meal-edit": meal,
    "meal-delete": meal,
    "meal-receipt": meal,
    "meal-receipt-approve": meal,
    "receipt-version": approved_meal,
    "meal-bill": meal_with_bill,
    "tonight-dinner-form": accepted_attempt,
    "tonight-dinner": meal,
    "tonight-dinner-ics": meal,
    "api-token-revoke": api_token,
    "source-choose": source,
    "source-sync": source,
    "source-remove": source,
    "tonight-round-state": invitation_round,
    "tonight-round-withdraw": invitation_round,
    "tonight-round-sent": invitation_round,
    "contact-team-share": contact,
    "team-detail": team,
    "team-invite": team,
    "team-sharing": team,
    "team-people": team,
    "team-leave": team,
    "team-delete": team,
    "team-invitation-withdraw": team_invitation,
    "team-member-remove": team_member,
    "team-member-role": team_member,
}
TEAM_ROUTES = sorted(name for name in OWNED_OBJECT_ROUTES if name.startswith("team-"))


def routes_with_parameters(patterns=None, prefix=""):
    """(name, route) of every URL pattern of ours that takes a parameter."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            # Django's admin is for staff, with its own checks; the API has its own meta-test.
            if pattern.namespace not in {"admin", "api-v1"}:
                yield from routes_with_parameters(
                    pattern.url_patterns, prefix + str(pattern.pattern)
                )
        elif pattern.pattern.converters:
            yield pattern.name, prefix + str(pattern.pattern)


def test_every_route_that_takes_an_id_has_an_isolation_case():
    routes = dict(routes_with_parameters())
    missing = sorted(set(routes) - OWNED_OBJECT_ROUTES.keys() - NOT_OBJECT_IDS.keys())
    assert not missing, (
        "Add these routes to OWNED_OBJECT_ROUTES (or NOT_OBJECT_IDS) in tests/test_isolation.py: "
        + ", ".join(f"{name} ({routes[name]})" for name in missing)
    )
    assert not set(OWNED_OBJECT_ROUTES) - set(routes), "cases for routes that no longer exist"


def answer(client, url):
    """The status of GET, or of an empty POST where the page only takes POST."""
    status = client.get(url).status_code
    return client.post(url).status_code if status == 405 else status


@pytest.mark.parametrize("name", sorted(OWNED_OBJECT_ROUTES))
def test_an_outsider_gets_404_for_the_owners_object(client, owner, outsider, name):
    url = reverse(name, kwargs=OWNED_OBJECT_ROUTES[name](owner))
    client.force_login(outsider)
    assert client.get(url).status_code in {404, 405}
    assert client.post(url).status_code in {404, 405}
    assert answer(client, url) == 404
    client.force_login(owner)
    assert answer(client, url) not in {404, 405}, "the case must make an object the owner sees"


def test_the_tonight_outcome_refuses_another_accounts_contact(client, owner, outsider):
    theirs = ContactFactory(owner=owner)
    client.force_login(outsider)
    response = client.post(
        reverse("tonight-outcome"), {"contact": theirs.pk, "outcome": "declined"}
    )
    assert response.status_code == 404
    assert not Attempt.objects.exists()


def test_a_new_meal_cannot_be_prefilled_with_another_accounts_contact(client, owner, outsider):
    theirs = ContactFactory(owner=owner, given_name="Geheim")
    client.force_login(outsider)
    response = client.get(reverse("meal-create"), {"contact": theirs.pk})
    assert response.status_code == 404
    assert "Geheim" not in response.text


@pytest.mark.parametrize("name", TEAM_ROUTES)
@pytest.mark.parametrize("who", ["member of another team", "former member"])
def test_a_former_member_or_another_teams_member_gets_404_for_a_team(client, owner, name, who):
    """Team routes answer only the team's members: whoever left, was removed or is in another
    team sees the team as if it did not exist, whatever session they still hold."""
    from tafelrunde.teams.membership import add_member, create_team, membership_of, remove_member

    kwargs = OWNED_OBJECT_ROUTES[name](owner)
    stranger = UserFactory()
    client.force_login(stranger)
    if who == "former member":
        mine = membership_of(owner, kwargs["pk"])
        remove_member(mine, add_member(mine, stranger, "admin"))
    else:
        create_team(stranger, "Einkauf")
    url = reverse(name, kwargs=kwargs)
    assert client.get(url).status_code in {404, 405}
    assert client.post(url).status_code == 404
