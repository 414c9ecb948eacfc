"""/teams over the API: teams and members, what a member shares, the people colleagues share,
and access that ends the moment a member leaves or is removed, whatever token they hold."""

import datetime as dt

import pytest
from django.test import Client

from tafelrunde.api.tokens import create_token
from tafelrunde.teams.membership import invitation_for, join, membership_of
from tafelrunde.teams.models import Membership, SharedContact, Team
from tafelrunde.teams.sharing import SHARED_FIELDS, set_sharing
from tests.api.conftest import ApiClient
from tests.factories import MealFactory, MealParticipantFactory, PlaceFactory, TripFactory
from tests.teams.helpers import account, located, sales_team

pytestmark = pytest.mark.django_db


def client_of(user) -> ApiClient:
    return ApiClient(Client(), create_token(user, "tests").secret)


@pytest.fixture
def team():
    """Hans owns the sales team; Anna and Bert are members; each has an API token."""
    hans, anna, bert = (account(n, f"{n.title()} Muster") for n in ("hans", "anna", "bert"))
    memberships = sales_team(hans, anna, bert)
    team_id = memberships[hans.pk].team_id
    return team_id, {"hans": hans, "anna": anna, "bert": bert}


def test_a_created_team_has_its_creator_as_owner_and_is_listed():
    hans = account("hans", "Hans Gastgeber")
    api = client_of(hans)
    created = api.post("/teams", {"name": "  Vertrieb   Ost "})
    assert created.status_code == 201, created.content
    team = created.json()
    assert (team["name"], team["role"], team["member_count"]) == ("Vertrieb Ost", "owner", 1)
    assert [m["username"] for m in team["members"]] == ["hans"]
    listed = api.get("/teams").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == team["id"]
    assert api.get(f"/teams/{team['id']}").json() == team


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "a\x00b"])
def test_a_team_name_must_be_real(name):
    answer = client_of(account("hans", "Hans")).post("/teams", {"name": name})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "name"]
    assert not Team.objects.exists()


def test_an_admin_adds_by_username_and_a_member_may_not(team):
    team_id, people = team
    carla = account("carla", "Carla Neu")
    refused = client_of(people["anna"]).post(f"/teams/{team_id}/members", {"username": "carla"})
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only the team's owners and admins can do that."}
    unknown = client_of(people["anna"]).post(f"/teams/{team_id}/members", {"username": "nobody"})
    assert unknown.json() == refused.json(), "a member learns nothing about accounts"
    added = client_of(people["hans"]).post(
        f"/teams/{team_id}/members", {"username": "carla", "role": "admin"}
    )
    assert added.status_code == 201
    assert (added.json()["user_id"], added.json()["role"]) == (carla.pk, "admin")


@pytest.mark.parametrize(
    "body, loc",
    [
        ({"username": "nobody"}, ["body", "username"]),
        ({"username": "anna"}, ["body", "username"]),  # already in the team
        ({"username": "carla", "role": "king"}, ["body", "role"]),
        ({"username": "carla", "extra": 1}, ["body", "extra"]),
    ],
)
def test_adding_a_member_explains_bad_input(team, body, loc):
    team_id, people = team
    account("carla", "Carla Neu")
    answer = client_of(people["hans"]).post(f"/teams/{team_id}/members", body)
    assert answer.status_code == 422, answer.content
    assert answer.json()["detail"][0]["loc"] == loc


def test_roles_change_only_by_an_owner_and_a_team_keeps_one(team):
    team_id, people = team
    hans, anna = client_of(people["hans"]), client_of(people["anna"])
    path = f"/teams/{team_id}/members/{people['anna'].pk}"
    assert anna.patch(path, {"role": "admin"}).status_code == 403
    assert hans.patch(path, {"role": "admin"}).json()["role"] == "admin"
    last_owner = hans.patch(f"/teams/{team_id}/members/{people['hans'].pk}", {"role": "member"})
    assert last_owner.status_code == 403
    assert "owner" in last_owner.json()["detail"]
    assert hans.patch(f"/teams/{team_id}/members/999999", {"role": "admin"}).status_code == 404


def test_the_only_owner_cannot_leave_while_others_remain(team):
    team_id, people = team
    answer = client_of(people["hans"]).delete(f"/teams/{team_id}/membership")
    assert answer.status_code == 403
    assert answer.json()["detail"].startswith("You are this team's only owner")


def test_leaving_ends_access_at_once_also_for_a_token_made_before(team):
    team_id, people = team
    anna = client_of(people["anna"])  # the token exists before she leaves
    set_sharing(membership_of(people["anna"], team_id), share_all=True)
    located(people["anna"], given_name="Frank", family_name="Lindner")
    hans = client_of(people["hans"])
    assert hans.get(f"/teams/{team_id}/contacts").json()["count"] == 1
    assert anna.get(f"/teams/{team_id}").status_code == 200

    assert anna.delete(f"/teams/{team_id}/membership").status_code == 204

    for path in ("", "/contacts", "/sharing"):
        gone = anna.get(f"/teams/{team_id}{path}")
        assert gone.status_code == 404
        assert gone.json() == {"detail": f"No team with id {team_id}."}
    assert anna.get("/teams").json()["count"] == 0
    assert hans.get(f"/teams/{team_id}/contacts").json()["count"] == 0, "her shares went too"


def test_removal_ends_access_at_once_also_for_a_token_made_before(team):
    team_id, people = team
    bert = client_of(people["bert"])
    assert bert.get(f"/teams/{team_id}/contacts").status_code == 200
    removed = client_of(people["hans"]).delete(f"/teams/{team_id}/members/{people['bert'].pk}")
    assert removed.status_code == 204
    assert bert.get(f"/teams/{team_id}/contacts").status_code == 404
    assert bert.put(f"/teams/{team_id}/sharing", {"share_all": True}).status_code == 404
    assert not Membership.objects.filter(user=people["bert"]).exists()


def test_an_invitation_link_is_given_once_and_joins_once(team):
    team_id, people = team
    answer = client_of(people["hans"]).post(
        f"/teams/{team_id}/invitations", {"email": "carla@example.com"}
    )
    assert answer.status_code == 201
    url = answer.json()["url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    invitation = invitation_for(token)
    assert invitation is not None and invitation.team_id == team_id
    assert token not in invitation.token_hash  # stored hashed: the answer was the only copy
    join(invitation, account("carla", "Carla Neu"))
    bad = client_of(people["hans"]).post(f"/teams/{team_id}/invitations", {"email": "no mail"})
    assert bad.status_code == 422
    assert client_of(people["anna"]).post(f"/teams/{team_id}/invitations", {}).status_code == 403


def test_sharing_is_read_and_changed_part_by_part(team):
    team_id, people = team
    anna = client_of(people["anna"])
    assert anna.get(f"/teams/{team_id}/sharing").json() == {
        "share_all": False, "kinds": [], "trips": False, "phones": False, "contact_ids": [],
    }  # fmt: skip
    changed = anna.put(f"/teams/{team_id}/sharing", {"kinds": ["supplier", "customer"]})
    assert changed.json()["kinds"] == ["customer", "supplier"]
    changed = anna.put(f"/teams/{team_id}/sharing", {"trips": True})
    assert (changed.json()["kinds"], changed.json()["trips"]) == (["customer", "supplier"], True)
    for body in ({"kinds": ["enemy"]}, {"trips": "yes"}, {"share_all": 1}, {"other": True}):
        assert anna.put(f"/teams/{team_id}/sharing", body).status_code == 422, body


def test_only_own_contacts_are_shared_one_by_one(team):
    team_id, people = team
    anna = client_of(people["anna"])
    mine = located(people["anna"], given_name="Frank", family_name="Lindner")
    theirs = located(people["bert"], given_name="Eva", family_name="Eule")
    refused = anna.post(f"/teams/{team_id}/shared-contacts", {"contact_ids": [mine.pk, theirs.pk]})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"] == f"You have no contact #{theirs.pk}."
    assert not SharedContact.objects.exists()
    shared = anna.post(f"/teams/{team_id}/shared-contacts", {"contact_ids": [mine.pk, mine.pk]})
    assert shared.json() == {"changed": 1}
    assert anna.get(f"/teams/{team_id}/sharing").json()["contact_ids"] == [mine.pk]
    hans = client_of(people["hans"])
    assert [p["name"] for p in hans.get(f"/teams/{team_id}/contacts").json()["items"]] == [
        "Frank Lindner"
    ]
    assert anna.delete(f"/teams/{team_id}/shared-contacts/{mine.pk}").status_code == 204
    assert hans.get(f"/teams/{team_id}/contacts").json()["count"] == 0
    assert anna.delete(f"/teams/{team_id}/shared-contacts/{theirs.pk}").status_code == 404


def test_colleagues_shared_people_show_only_the_shared_fields(team):
    team_id, people = team
    anna_membership = membership_of(people["anna"], team_id)
    set_sharing(anna_membership, kinds=["customer"])
    frank = located(
        people["anna"], given_name="Frank", family_name="Lindner", organisation="Lindner GmbH",
        kinds=["customer"], known_since=dt.date(2011, 5, 1), phone="+4915100000001",
        notes="private",
    )  # fmt: skip
    located(people["anna"], given_name="Paula", family_name="Privat", kinds=["friend"])
    meal = MealFactory(owner=people["anna"], date=dt.date(2024, 5, 17), amount="80.00")
    MealParticipantFactory(meal=meal, contact=frank)
    hans = client_of(people["hans"])

    [item] = hans.get(f"/teams/{team_id}/contacts").json()["items"]
    assert set(item) == set(SHARED_FIELDS)
    assert (item["contact_id"], item["name"], item["organisation"]) == (
        frank.pk, "Frank Lindner", "Lindner GmbH",
    )  # fmt: skip
    assert item["place"]["name"] == "Dresden"
    assert item["known_by"] == [
        {"colleague": "Anna Muster", "since": "2011-05-01", "last_seen": "2024-05-17",
         "times_met": 1}
    ]  # fmt: skip

    set_sharing(anna_membership, phones=True)
    [item] = hans.get(f"/teams/{team_id}/contacts").json()["items"]
    assert item["phones"] == ["+4915100000001"]


def test_shared_people_are_searched_and_paged(team):
    team_id, people = team
    set_sharing(membership_of(people["anna"], team_id), share_all=True)
    for given in ("Anna", "Berta", "Carla"):
        located(people["anna"], given_name=given, family_name="Kunde", organisation="Elbe AG")
    located(people["anna"], given_name="Dora", family_name="Fremd", city="Munich")
    hans = client_of(people["hans"])
    path = f"/teams/{team_id}/contacts"
    page = hans.get(path, q="elbe", limit="2", offset="1").json()
    assert page["count"] == 3
    assert [p["name"] for p in page["items"]] == ["Berta Kunde", "Carla Kunde"]
    assert [p["name"] for p in hans.get(path, q="munich").json()["items"]] == ["Dora Fremd"]
    assert hans.get(path, q="private").json()["count"] == 0
    assert hans.get(path, limit="0").status_code == 422
    assert hans.get(path, lmit="5").status_code == 422


def test_a_person_two_colleagues_share_is_one_entry_as_on_tonight(team):
    team_id, people = team
    for name in ("anna", "bert"):
        set_sharing(membership_of(people[name], team_id), share_all=True, phones=name == "bert")
    frank = {"given_name": "Frank", "family_name": "Lindner", "organisation": "Lindner GmbH"}
    hers = located(people["anna"], phone="+4915100000001", **frank)
    his = located(people["bert"], phone="+4915100000002", **frank)
    located(people["bert"], given_name="Frank", family_name="Lindner", organisation="Elbe AG")
    MealParticipantFactory(meal=MealFactory(owner=people["bert"], date=dt.date(2025, 3, 1)),
                           contact=his)  # fmt: skip
    hans = client_of(people["hans"])

    listed = hans.get(f"/teams/{team_id}/contacts").json()
    assert listed["count"] == 2
    lindner = next(i for i in listed["items"] if i["organisation"] == "Lindner GmbH")
    assert lindner["contact_id"] == hers.pk
    assert [k["colleague"] for k in lindner["known_by"]] == ["Bert Muster", "Anna Muster"]
    assert lindner["phones"] == ["+4915100000002"]
    tonight = hans.get("/tonight", place="Dresden", date="2025-03-14").json()
    [intro] = [i for i in tonight["through_colleagues"] if i["organisation"] == "Lindner GmbH"]
    assert intro["known_by"] == lindner["known_by"]


def test_tonight_adds_what_colleagues_bring(team):
    team_id, people = team
    anna_membership = membership_of(people["anna"], team_id)
    set_sharing(anna_membership, share_all=True, trips=True)
    day = dt.date(2025, 3, 14)
    located(people["anna"], given_name="Frank", family_name="Lindner", organisation="Lindner GmbH")
    mine = located(people["hans"], given_name="Eva", family_name="Eule", organisation="Eule KG")
    hers = located(people["anna"], given_name="Eva", family_name="Eule", organisation="Eule KG")
    meal = MealFactory(owner=people["anna"], date=day - dt.timedelta(days=3))
    MealParticipantFactory(meal=meal, contact=hers)
    TripFactory(owner=people["anna"], place=PlaceFactory(city="Dresden"), start=day, end=day)

    answer = client_of(people["hans"]).get("/tonight", place="Dresden", date=day.isoformat())

    assert answer.status_code == 200, answer.content
    tonight = answer.json()
    [own] = tonight["candidates"]
    assert own["contact_id"] == mine.pk
    assert own["colleague_note"].startswith("Anna dined with Eva on")
    [intro] = tonight["through_colleagues"]
    assert intro["name"] == "Frank Lindner" and intro["introducer"] == "Anna Muster"
    assert "phones" not in intro and "Hans" in intro["introduction"]
    assert [here["colleague"] for here in tonight["colleagues_here"]] == ["Anna Muster"]


def test_tonight_outside_a_team_has_empty_team_lists_and_no_notes():
    hans = account("hans", "Hans")
    located(hans, given_name="Eva", family_name="Eule")
    tonight = client_of(hans).get("/tonight", place="Dresden").json()
    assert (tonight["through_colleagues"], tonight["colleagues_here"]) == ([], [])
    assert "colleague_note" not in tonight["candidates"][0]


def test_tonight_loses_a_colleague_who_leaves_at_once(team):
    team_id, people = team
    set_sharing(membership_of(people["anna"], team_id), share_all=True)
    located(people["anna"], given_name="Frank", family_name="Lindner")
    hans, anna = client_of(people["hans"]), client_of(people["anna"])
    assert len(hans.get("/tonight", place="Dresden").json()["through_colleagues"]) == 1
    assert anna.delete(f"/teams/{team_id}/membership").status_code == 204
    assert hans.get("/tonight", place="Dresden").json()["through_colleagues"] == []


@pytest.mark.parametrize(
    "contact_ids",
    [[], ["5"], [0], [2**63], [True], list(range(1, 10_002))],
    ids=["none", "text", "zero", "too large", "a flag", "too many"],
)
def test_sharing_one_by_one_refuses_hostile_ids(team, contact_ids):
    team_id, people = team
    answer = client_of(people["anna"]).post(
        f"/teams/{team_id}/shared-contacts", {"contact_ids": contact_ids}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"][:2] == ["body", "contact_ids"]
    assert not SharedContact.objects.exists()


def test_a_body_that_is_not_json_is_a_400():
    api = client_of(account("hans", "Hans"))
    answer = api.client.post(
        "/api/v1/teams", data="{name", content_type="application/json", headers=api._headers()
    )
    assert answer.status_code == 400
    assert set(answer.json()) == {"detail"}
