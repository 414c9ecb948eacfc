"""`tafelrunde team`, `share` and the team's part of `tonight --json`: the command-line contract."""

import datetime as dt
import json

import pytest

from tafelrunde.teams.models import Membership, SharedContact
from tests.factories import MealFactory, MealParticipantFactory
from tests.teams.helpers import DAY, account, located

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return (
        account("hans", "Hans Gastgeber"),
        account("anna", "Anna Schmidt"),
        account("bert", "Bert Brenner"),
    )


@pytest.mark.usefixtures("people")
def test_create_add_and_remove(run_command):
    made = run_command("team", "create", "Vertrieb", "--user", "hans", "--json")
    assert made.status == 0, made.err
    team = json.loads(made.out)
    assert (team["name"], team["role"]) == ("Vertrieb", "owner")
    added = run_command("team", "add", "Vertrieb", "anna", "--role", "admin", "--user", "hans")
    assert added.status == 0 and "anna" in added.out
    assert run_command("team", "add", str(team["team"]), "bert", "--user", "anna").status == 0
    refused = run_command("team", "remove", "Vertrieb", "anna", "--user", "bert")
    assert refused.status == 1 and refused.err.startswith("Error: ")
    assert "owners and admins" in refused.err and "Traceback" not in refused.err
    assert run_command("team", "remove", "Vertrieb", "bert", "--user", "anna").status == 0
    assert sorted(Membership.objects.values_list("user__username", flat=True)) == ["anna", "hans"]
    shown = json.loads(run_command("team", "show", "Vertrieb", "--user", "anna", "--json").out)
    assert [(m["user"], m["role"]) for m in shown["members"]] == [
        ("hans", "owner"),
        ("anna", "admin"),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("team", "add", "Nirgendwo", "anna"), "not in a team called Nirgendwo"),
        (("team", "add", "Vertrieb", "nobody"), "No account named 'nobody'"),
        (("team", "add", "Vertrieb", "anna", "--role", "king"), "invalid choice"),
        (("team", "create", "   "), "needs a name"),
        (("share", "--team", "Vertrieb"), "Say what to share"),
        (("share", "--team", "Vertrieb", "--kind", "enemy"), "Unknown kind enemy"),
        (("share", "--team", "Vertrieb", "--contact", "Niemand"), "Niemand"),
        (("share", "--team", "Vertrieb", "--all", "--kind", "customer"), "not allowed with"),
    ],
)
def test_mistakes_are_one_line(run_command, people, argv, message):
    run_command("team", "create", "Vertrieb", "--user", "hans")
    result = run_command(*argv, "--user", "hans")
    assert result.status != 0
    assert message in result.err and "Traceback" not in result.err


@pytest.mark.usefixtures("people")
def test_join_by_the_link_or_its_token(run_command):
    run_command("team", "create", "Vertrieb", "--user", "hans")
    made = run_command("team", "invite", "Vertrieb", "--role", "admin", "--user", "hans", "--json")
    url = json.loads(made.out)["url"]

    joined = run_command("team", "join", f"<{url}>", "--user", "anna", "--json")

    assert joined.status == 0, joined.err
    data = json.loads(joined.out)
    assert (data["name"], data["role"], data["member"]["user"]) == ("Vertrieb", "admin", "anna")
    assert data["removed"] is False
    second = run_command("team", "invite", "Vertrieb", "--user", "hans", "--json")
    token = json.loads(second.out)["url"].rstrip("/").rsplit("/", 1)[1]
    by_token = run_command("team", "join", token, "--user", "bert")
    assert by_token.status == 0, by_token.err
    assert by_token.out.strip() == f"You joined Vertrieb (#{data['team']}) as member."
    assert sorted(Membership.objects.values_list("user__username", "role")) == [
        ("anna", "admin"), ("bert", "member"), ("hans", "owner"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("link", "who", "message"),
    [
        ("used", "bert", "Error: This invitation link is unknown, used or expired"),
        ("A" * 24, "bert", "Error: This invitation link is unknown, used or expired"),
        (
            "https://tafelrunde.example/contacts/5/",
            "bert",
            "Error: That is neither an invitation link nor its token.",
        ),
        ("open", "hans", "Error: You are already in Vertrieb."),
    ],
    ids=["used", "unknown", "no invitation", "already a member"],
)
@pytest.mark.usefixtures("people")
def test_joining_refused_is_one_line_with_status_1(run_command, link, who, message):
    run_command("team", "create", "Vertrieb", "--user", "hans")
    used = json.loads(run_command("team", "invite", "Vertrieb", "--user", "hans", "--json").out)
    run_command("team", "join", used["url"], "--user", "anna")
    opened = json.loads(run_command("team", "invite", "Vertrieb", "--user", "hans", "--json").out)
    text = {"used": used["url"], "open": opened["url"]}.get(link, link)

    result = run_command("team", "join", text, "--user", who)

    assert result.status == 1
    assert result.err.startswith(message) and result.err.count("\n") == 1
    assert "Traceback" not in result.err
    assert not Membership.objects.filter(user__username="bert").exists()


def test_share_by_kind_by_hand_and_undo(run_command, people):
    _hans, anna, _bert = people
    run_command("team", "create", "Vertrieb", "--user", "anna")
    run_command("team", "add", "Vertrieb", "hans", "--user", "anna")
    frank = located(anna, given_name="Frank", family_name="Lindner", kinds=["friend"])
    shared = run_command("share", "--team", "Vertrieb", "--kind", "customer", "supplier",
                         "--user", "anna", "--json")  # fmt: skip
    assert json.loads(shared.out)["kinds"] == ["customer", "supplier"]
    by_hand = run_command("share", "--team", "Vertrieb", "--contact", "Frank Lindner",
                          "--trips", "--user", "anna")  # fmt: skip
    assert by_hand.status == 0, by_hand.err
    assert "customer, supplier" in by_hand.out and "1 contact chosen by hand" in by_hand.out
    assert SharedContact.objects.get().contact == frank
    undo = run_command("share", "--team", "Vertrieb", "--contact", str(frank.pk), "--kind",
                       "customer", "--undo", "--user", "anna", "--json")  # fmt: skip
    assert undo.status != 0  # --contact and --kind at once are refused: one thing at a time
    run_command(
        "share", "--team", "Vertrieb", "--contact", str(frank.pk), "--undo", "--user", "anna"
    )
    final = run_command("share", "--team", "Vertrieb", "--kind", "customer", "--undo",
                        "--user", "anna", "--json")  # fmt: skip
    assert json.loads(final.out) | {"team": 0} == {
        "team": 0, "name": "Vertrieb", "all": False, "kinds": ["supplier"], "contacts": 0,
        "trips": True, "phones": False, "changed": 0,
    }  # fmt: skip


def test_tonight_json_through_colleagues_and_notes(run_command, people):
    hans, anna, bert = people
    for user in ("hans", "anna", "bert"):
        if user == "hans":
            run_command("team", "create", "Vertrieb", "--user", "hans")
        else:
            run_command("team", "add", "Vertrieb", user, "--user", "hans")
    run_command("share", "--team", "Vertrieb", "--all", "--user", "anna")
    run_command("share", "--team", "Vertrieb", "--all", "--user", "bert")
    frank = located(anna, given_name="Frank", family_name="Lindner", organisation="Lindner GmbH",
                    known_since=dt.date(2011, 3, 1), notes="owes me a favour")  # fmt: skip
    meal = MealFactory(owner=anna, date=dt.date(2024, 5, 17), status="held", amount="99.00")
    MealParticipantFactory(meal=meal, contact=frank)
    mine = located(hans, given_name="Eva", family_name="Eule", organisation="Eule AG")
    theirs = located(bert, given_name="Eva", family_name="Eule", organisation="Eule AG")
    recent = MealFactory(owner=bert, date=DAY - dt.timedelta(days=2), status="held")
    MealParticipantFactory(meal=recent, contact=theirs)

    result = run_command(
        "tonight", "Dresden", "--date", DAY.isoformat(), "--user", "hans", "--json"
    )
    assert result.status == 0, result.err
    data = json.loads(result.out)
    [own] = data["candidates"]
    assert (own["contact_id"], own["colleague_note"]) == (mine.pk, "Bert dined with Eva on 12 Mar")
    [intro] = data["through_colleagues"]
    assert intro["name"] == "Frank Lindner"
    assert intro["known_by"] == [
        {"colleague": "Anna Schmidt", "since": "2011-03-01", "last_seen": "2024-05-17",
         "times_met": 1}
    ]  # fmt: skip
    assert "owes me a favour" not in result.out and "99" not in json.dumps(intro)
    assert data["colleagues_here"] == []

    text = run_command("tonight", "Dresden", "--date", DAY.isoformat(), "--user", "hans")
    assert "Through colleagues" in text.out or "Über Kollegen" in text.out
    assert "Frank Lindner" in text.out and "anna@firma.example" in text.out


def test_tonight_json_without_a_team_has_empty_team_parts(run_command):
    olga = account("olga", "Olga")
    located(olga)
    data = json.loads(run_command("tonight", "Dresden", "--user", "olga", "--json").out)
    assert (data["through_colleagues"], data["colleagues_here"], len(data["candidates"])) == (
        [], [], 1,
    )  # fmt: skip


def test_in_german_the_team_speaks_german(run_command):
    account("hans", "Hans Gastgeber", page_language="de")
    anna = account("anna", "Anna Schmidt", language="en", page_language="de")
    run_command("team", "create", "Vertrieb", "--user", "hans")
    added = run_command("team", "add", "Vertrieb", "anna", "--user", "hans")
    assert "anna ist jetzt Mitglied von Vertrieb (Mitglied)." in added.out
    run_command("share", "--team", "Vertrieb", "--all", "--trips", "--user", "anna")
    located(anna, given_name="Frank", family_name="Lindner", organisation="Lindner GmbH",
            known_since=dt.date(2011, 3, 1))  # fmt: skip
    text = run_command("tonight", "Dresden", "--date", DAY.isoformat(), "--user", "hans").out
    assert "Über Kollegen:" in text and "Anna kennt die Person seit 2011" in text
    data = json.loads(
        run_command("tonight", "Dresden", "--date", DAY.isoformat(), "--user", "hans", "--json").out
    )
    # The message to Anna is in Anna's language, whatever language the list is printed in.
    assert data["through_colleagues"][0]["introduction"].startswith(
        "Hallo Anna, ich bin am Freitag, 14. März in Dresden."
    )
