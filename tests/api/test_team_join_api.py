"""POST /api/v1/teams/join: joining a team with an invitation's token or its whole link, by the
rules of the join page; what it refuses names no team to whoever is not in it."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tafelrunde.api.tokens import create_token
from tafelrunde.teams.membership import invite, membership_of
from tafelrunde.teams.models import Membership, TeamInvitation
from tafelrunde.teams.sharing import set_sharing
from tests.api.conftest import ApiClient
from tests.teams.helpers import account, located, sales_team

pytestmark = pytest.mark.django_db

UNKNOWN_USED_OR_EXPIRED = {
    "detail": "This invitation link is unknown, used or expired: ask for a new one."
}


def client_of(user) -> ApiClient:
    return ApiClient(Client(), create_token(user, "tests").secret)


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def team():
    """Hans owns the sales team "Vertrieb" with Anna; Carla is in no team yet."""
    hans, anna = account("hans", "Hans Gastgeber"), account("anna", "Anna Muster")
    owning = sales_team(hans, anna)[hans.pk]
    return owning, {"hans": hans, "anna": anna, "carla": account("carla", "Carla Neu")}


def invitation_url(owning, email="", role="member", **when) -> str:
    return invite(owning, email, role, **when)[1]


def test_joining_answers_the_team_as_its_page_does_with_the_invitations_role(team):
    owning, people = team
    made = client_of(people["hans"]).post(f"/teams/{owning.team_id}/invitations", {"role": "admin"})
    carla = client_of(people["carla"])

    joined = carla.post("/teams/join", {"token": token_of(made.json()["url"])})

    assert joined.status_code == 201, joined.content
    assert joined.json() == carla.get(f"/teams/{owning.team_id}").json()
    assert (joined.json()["name"], joined.json()["role"]) == ("Vertrieb", "admin")
    assert [m["username"] for m in joined.json()["members"]] == ["hans", "anna", "carla"]
    invitation = TeamInvitation.objects.get()
    assert invitation.used_by == people["carla"] and invitation.used_at is not None


@pytest.mark.parametrize(
    "pasted",
    [
        "{url}",
        "{url_without_slash}",
        "  {url}\n",
        "<{url}>",
        "{url}?utm_source=mail#top",
        "https://tafelrunde.firma.example/teams/join/{token}/",
        "tafelrunde.firma.example/teams/join/{token}",
        "https://firma.example/tafelrunde/teams/join/{token}/",
    ],
)
def test_the_whole_link_is_taken_as_people_paste_it(team, pasted):
    owning, people = team
    url = invitation_url(owning)
    token = token_of(url)
    text = pasted.format(url=url, url_without_slash=url.rstrip("/"), token=token)

    joined = client_of(people["carla"]).post("/teams/join", {"token": text})

    assert joined.status_code == 201, joined.content
    assert joined.json()["id"] == owning.team_id


def test_an_expired_a_used_and_an_unknown_invitation_look_alike_and_name_no_team(team):
    owning, people = team
    expired = invitation_url(owning, now=timezone.now() - dt.timedelta(days=15))
    used = invitation_url(owning)
    bert = account("bert", "Bert Brenner")
    assert client_of(bert).post("/teams/join", {"token": used}).status_code == 201
    carla = client_of(people["carla"])

    answers = [
        carla.post("/teams/join", {"token": text})
        for text in (expired, used, "A" * 24, expired.replace(token_of(expired), "B" * 24))
    ]

    assert [a.status_code for a in answers] == [404] * 4
    assert all(a.json() == UNKNOWN_USED_OR_EXPIRED for a in answers)
    assert all("Vertrieb" not in a.content.decode() for a in answers)
    assert not Membership.objects.filter(user=people["carla"]).exists()


def test_an_invitation_is_used_once_even_by_the_account_it_names(team):
    """The e-mail an invitation names is a note of whom it was sent to, on the page and here
    alike: the link is for whoever holds it, once. Whoever uses it first is in; the named
    account then hears what anyone would of a used link."""
    owning, people = team
    url = invitation_url(owning, email="carla@firma.example")
    dora = account("dora", "Dora Weiter")

    first = client_of(dora).post("/teams/join", {"token": url})
    named = client_of(people["carla"]).post("/teams/join", {"token": url})

    assert first.status_code == 201
    assert (named.status_code, named.json()) == (404, UNKNOWN_USED_OR_EXPIRED)
    assert not Membership.objects.filter(user=people["carla"]).exists()
    assert TeamInvitation.objects.get().used_by == dora


def test_a_member_is_told_so_and_the_invitation_stays_open_for_someone_else(team):
    owning, people = team
    url = invitation_url(owning)

    again = client_of(people["anna"]).post("/teams/join", {"token": url})

    assert again.status_code == 422
    assert again.json()["detail"] == [
        {"loc": ["body", "token"], "msg": "You are already in Vertrieb.", "type": "member"}
    ]
    assert client_of(people["carla"]).post("/teams/join", {"token": url}).status_code == 201


@pytest.mark.parametrize(
    "body, kind",
    [
        ({}, "missing"),
        ({"token": ""}, "string_too_short"),
        ({"token": 12345678901234567890}, "string_type"),
        ({"token": None}, "string_type"),
        ({"token": "a\x00" * 12}, "string_pattern_mismatch"),
        ({"token": "x" * 2049}, "string_too_long"),
        ({"token": "abc"}, "invalid_token"),
        ({"token": "https://tafelrunde.firma.example/contacts/5/"}, "invalid_token"),
        ({"token": "http://[tafelrunde/teams/join/"}, "invalid_token"),
        ({"token": "AAAAAAAAAAAAAAAAAAAAAAAA", "team": 1}, "extra_forbidden"),
    ],
)
def test_a_body_that_is_no_invitation_is_a_422_at_its_field(team, body, kind):
    _owning, people = team
    answer = client_of(people["carla"]).post("/teams/join", body)
    assert answer.status_code == 422, answer.content
    [problem] = answer.json()["detail"]
    assert problem["type"] == kind
    assert problem["loc"][0] == "body" and problem["msg"]
    assert not Membership.objects.filter(user=people["carla"]).exists()


def test_a_body_that_is_not_json_or_too_large_is_refused_before_it_is_read(team):
    _owning, people = team
    carla = client_of(people["carla"])
    broken = carla.client.post(
        "/api/v1/teams/join", data="{token", content_type="application/json",
        headers=carla._headers(),
    )  # fmt: skip
    assert broken.status_code == 400 and set(broken.json()) == {"detail"}
    huge = carla.post("/teams/join", {"token": "x" * 3_000_000})
    assert (huge.status_code, huge.json()) == (
        413,
        {"detail": "The request is too large: at most 1.0\xa0MB are accepted here."},
    )


def test_without_a_token_nobody_joins(team):
    owning, _people = team
    url = invitation_url(owning)
    answer = ApiClient(Client(), None).post("/teams/join", {"token": url})
    assert answer.status_code == 401
    assert TeamInvitation.objects.get().used_at is None


def test_the_new_member_sees_the_team_and_its_shared_people_at_once(team):
    owning, people = team
    set_sharing(membership_of(people["anna"], owning.team_id), share_all=True)
    located(people["anna"], given_name="Frank", family_name="Lindner", organisation="Lindner GmbH")
    carla = client_of(people["carla"])  # a token made before she joins
    assert carla.get(f"/teams/{owning.team_id}/contacts").status_code == 404

    assert carla.post("/teams/join", {"token": invitation_url(owning)}).status_code == 201

    assert [t["name"] for t in carla.get("/teams").json()["items"]] == ["Vertrieb"]
    shared = carla.get(f"/teams/{owning.team_id}/contacts").json()
    assert [(p["name"], p["organisation"]) for p in shared["items"]] == [
        ("Frank Lindner", "Lindner GmbH")
    ]
    [intro] = carla.get("/tonight", place="Dresden").json()["through_colleagues"]
    assert intro["introducer"] == "Anna Muster"


def test_a_token_for_one_team_joins_that_team_and_no_other(team):
    owning, people = team
    olga = account("olga", "Olga Einkauf")
    other = sales_team(olga, name="Einkauf")[olga.pk]
    invitation_url(other, role="admin")
    url = invitation_url(owning)
    carla = client_of(people["carla"])

    beside = carla.post(f"/teams/{other.team_id}/join", {"token": url})
    assert beside.status_code == 404, "no route takes a team's id beside a token"
    joined = carla.post("/teams/join", {"token": url})

    assert (joined.status_code, joined.json()["id"]) == (201, owning.team_id)
    assert joined.json()["role"] == "member"
    mine = Membership.objects.filter(user=people["carla"])
    assert list(mine.values_list("team_id", flat=True)) == [owning.team_id]
    assert list(Membership.objects.filter(team_id=other.team_id)) == [other]
    assert TeamInvitation.objects.get(team_id=other.team_id).used_at is None
