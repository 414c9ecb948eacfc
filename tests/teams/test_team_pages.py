"""The team pages: Settings → Teams, a team's members, roles and invitations, joining by link,
and what a member shares (also from a contact's page). Tonight's part: test_team_tonight_page."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tafelrunde.teams import membership as teams
from tafelrunde.teams.models import Membership, SharedContact, Team, TeamInvitation
from tafelrunde.teams.sharing import set_sharing
from tests.factories import TripFactory
from tests.teams.helpers import DAY, account, located
from tests.teams.pages import client_of, messages_of, team_url, text, tonight

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_evening_14_march_2025")]


# Teams and members ---------------------------------------------------------------------


def test_it_creates_a_team_and_lists_it_with_my_role(people):
    hans, _anna, _bert = people
    browser = client_of(hans)
    assert 'href="/settings/teams/"' in text(browser.get(reverse("settings")))
    response = browser.post(reverse("team-list"), {"name": "  Vertrieb   Ost "}, follow=True)
    team = Team.objects.get()
    assert team.name == "Vertrieb Ost"
    assert response.redirect_chain[-1][0] == reverse("team-detail", args=[team.pk])
    assert "Hans Gastgeber" in text(response) and "owner" in text(response)
    listed = text(browser.get(reverse("team-list")))
    assert "Vertrieb Ost" in listed and "owner" in listed


def test_a_nameless_team_is_a_form_error(people):
    response = client_of(people[0]).post(reverse("team-list"), {"name": "   "})
    assert response.status_code == 200 and not Team.objects.exists()
    assert response.context["form"].errors


def test_the_team_page_lists_members_with_roles_and_joined_dates(team):
    hans, _anna, bert, memberships = team
    page = text(client_of(bert).get(team_url(memberships, hans)))
    for name in ("Hans Gastgeber", "Anna Schmidt", "Bert Brenner"):
        assert name in page
    assert "joined March 14, 2025" in page
    assert "Invite a colleague" not in page  # a member does not invite
    assert "Remove Anna Schmidt" not in page
    assert "Leave team" in page and "Delete team" not in page


def test_someone_outside_the_team_gets_404_on_every_team_page(team, people):
    hans, _anna, _bert, memberships = team
    olga = account("olga", "Olga Außen")
    browser = client_of(olga)
    for name in ("team-detail", "team-leave", "team-delete"):
        assert browser.get(team_url(memberships, hans, name)).status_code == 404
    for name in ("team-invite", "team-sharing"):
        assert browser.post(team_url(memberships, hans, name)).status_code == 404


def test_ids_beyond_any_row_are_not_found_rather_than_errors(team):
    hans, _anna, _bert, memberships = team
    browser, huge = client_of(hans), "9" * 30
    assert browser.get(f"/settings/teams/{huge}/").status_code == 404
    member = f"/settings/teams/{memberships[hans.pk].team_id}/members/{huge}/remove/"
    assert browser.post(member).status_code == 404
    mine = located(hans)
    shared = browser.post(reverse("contact-team-share", args=[mine.pk]), {"team": huge})
    assert shared.status_code == 404


def test_an_owner_deletes_the_team_after_confirming(team):
    hans, _anna, bert, memberships = team
    url = team_url(memberships, hans, "team-delete")
    assert "Delete Vertrieb?" in text(client_of(hans).get(url))
    refused = client_of(bert).post(url, follow=True)
    assert "Only an owner can delete the team." in messages_of(refused)
    assert Team.objects.exists()
    client_of(hans).post(url)
    assert not Team.objects.exists() and not Membership.objects.exists()


# Invitations and joining --------------------------------------------------------------


def invite(client, memberships, owner, **data):
    response = client.post(team_url(memberships, owner, "team-invite"), data)
    assert response.status_code == 200, text(response)
    return response


def test_an_admin_gets_a_link_and_a_colleague_joins_by_it(team):
    hans, _anna, _bert, memberships = team
    carla = account("carla", "Carla Neu")
    response = invite(client_of(hans), memberships, hans, role="admin")
    link = response.context["new_link"]
    assert link in text(response) and response["Cache-Control"].startswith("max-age=0")
    path = re.sub(r"^https?://[^/]+", "", link)
    assert re.fullmatch(r"/teams/join/[A-Za-z0-9_-]+/", path)

    newcomer = client_of(carla)
    page = text(newcomer.get(path))
    assert "Hans Gastgeber invites you to join Vertrieb" in page
    assert Membership.objects.filter(user=carla).count() == 0  # a look joins nothing
    joined = newcomer.post(path, follow=True)
    membership = Membership.objects.get(user=carla)
    assert membership.role == "admin"
    assert joined.redirect_chain[-1][0] == reverse("team-detail", args=[membership.team_id])
    assert "Welcome to Vertrieb." in messages_of(joined)


def test_a_used_expired_or_unknown_link_explains_itself(team):
    hans, _anna, _bert, memberships = team
    carla, dora = account("carla", "Carla Neu"), account("dora", "Dora Spät")
    _invitation, link = teams.invite(memberships[hans.pk])
    path = re.sub(r"^https?://[^/]+", "", link)
    assert client_of(carla).post(path).status_code == 302

    used = client_of(dora).get(path)
    assert used.status_code == 410 and "This invitation was already used" in text(used)
    assert client_of(dora).post(path).status_code == 410
    assert not Membership.objects.filter(user=dora).exists()

    _old, old_link = teams.invite(memberships[hans.pk], now=timezone.now() - dt.timedelta(days=15))
    expired = client_of(dora).get(re.sub(r"^https?://[^/]+", "", old_link))
    assert expired.status_code == 410 and "This invitation has expired" in text(expired)

    for token in ("x" * 24, "not-a-token!", "a"):
        unknown = client_of(dora).get(f"/teams/join/{token}/")
        assert unknown.status_code == 404 and "This invitation link is not known" in text(unknown)


def test_the_join_page_needs_a_login(team):
    hans, _anna, _bert, memberships = team
    _invitation, link = teams.invite(memberships[hans.pk])
    path = re.sub(r"^https?://[^/]+", "", link)
    response = Client().get(path)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_invitation_by_mail_sends_the_link_in_the_inviters_language(team, smtp):
    hans, _anna, _bert, memberships = team
    response = invite(client_of(hans), memberships, hans, email="carla@kunde.example")
    link = response.context["new_link"]
    (mail,) = smtp.messages
    assert mail["To"] == "carla@kunde.example"
    assert mail["Content-Language"] == "de"  # Hans writes German
    assert "Hans Gastgeber" in mail["Subject"]
    plain = mail.get_body(preferencelist=("plain",)).get_content()
    rich = mail.get_body(preferencelist=("html",)).get_content()
    assert link in plain and link in rich
    invitation = TeamInvitation.objects.get()
    assert invitation.email == "carla@kunde.example"
    assert "carla@kunde.example" in text(client_of(hans).get(team_url(memberships, hans)))


def test_a_mail_server_that_fails_is_a_message_and_the_link_still_shows(team, smtp):
    hans, _anna, _bert, memberships = team
    smtp.stop()
    response = invite(client_of(hans), memberships, hans, email="carla@kunde.example")
    page = text(response)
    assert "could not be sent" in page and response.context["new_link"] in page


def test_open_invitations_are_listed_and_withdrawn(team):
    hans, _anna, bert, memberships = team
    invitation, link = teams.invite(memberships[hans.pk], "carla@kunde.example")
    page = text(client_of(hans).get(team_url(memberships, hans)))
    assert "carla@kunde.example" in page and "Withdraw" in page
    url = team_url(memberships, hans, "team-invitation-withdraw", invitation=invitation.pk)
    refused = client_of(bert).post(url, follow=True)
    assert "Only the team's owners and admins can do that." in messages_of(refused)
    client_of(hans).post(url)
    assert not TeamInvitation.objects.exists()
    gone = client_of(account("carla", "Carla")).get(re.sub(r"^https?://[^/]+", "", link))
    assert gone.status_code == 404


def test_an_admin_cannot_invite_owners(team):
    hans, anna, _bert, memberships = team
    teams.set_role(memberships[hans.pk], memberships[anna.pk], "admin")
    response = client_of(anna).post(team_url(memberships, hans, "team-invite"), {"role": "owner"})
    assert response.status_code == 400 and not TeamInvitation.objects.exists()


# Leaving, removing, roles --------------------------------------------------------------


def test_a_member_leaves_after_confirming(team):
    hans, _anna, bert, memberships = team
    url = team_url(memberships, hans, "team-leave")
    browser = client_of(bert)
    assert "Leave Vertrieb?" in text(browser.get(url))
    assert Membership.objects.filter(user=bert).exists()
    left = browser.post(url, follow=True)
    assert "You left Vertrieb." in messages_of(left)
    assert not Membership.objects.filter(user=bert).exists()
    assert browser.get(team_url(memberships, hans)).status_code == 404


def test_the_last_member_leaving_takes_the_team_along(people):
    hans = people[0]
    team_id = teams.create_team(hans, "Allein").team_id
    response = client_of(hans).post(reverse("team-leave", args=[team_id]), follow=True)
    assert "You left Allein; as its last member, the team is deleted." in messages_of(response)
    assert not Team.objects.exists()


def test_the_only_owner_cannot_leave_while_others_remain(team):
    hans, _anna, _bert, memberships = team
    response = client_of(hans).post(team_url(memberships, hans, "team-leave"), follow=True)
    assert any("only owner" in message for message in messages_of(response))
    assert Membership.objects.filter(user=hans).exists()


def test_a_removed_member_loses_the_team_at_once_also_in_an_open_session(team):
    hans, anna, bert, memberships = team
    set_sharing(memberships[anna.pk], share_all=True)
    located(anna, given_name="Frank", family_name="Lindner", organisation="Lindner GmbH")
    TripFactory(owner=bert, place=located(bert).place, start=DAY, end=DAY)
    browser = client_of(bert)  # Bert's phone, logged in before
    assert browser.get(team_url(memberships, hans)).status_code == 200
    assert "Through colleagues" in tonight(browser)

    url = team_url(memberships, hans, "team-member-remove", member=memberships[bert.pk].pk)
    removed = client_of(hans).post(url, follow=True)
    assert "Bert Brenner is no longer in the team." in messages_of(removed)

    assert browser.get(team_url(memberships, hans)).status_code == 404
    page = tonight(browser)
    assert "Through colleagues" not in page and "Frank Lindner" not in page


def test_a_member_cannot_remove_anyone(team):
    hans, anna, bert, memberships = team
    url = team_url(memberships, hans, "team-member-remove", member=memberships[anna.pk].pk)
    response = client_of(bert).post(url, follow=True)
    assert "Only the team's owners and admins can do that." in messages_of(response)
    assert Membership.objects.filter(user=anna).exists()


def test_a_member_of_another_team_is_not_found(team):
    hans, _anna, _bert, memberships = team
    olga = account("olga", "Olga Außen")
    elsewhere = teams.create_team(olga, "Einkauf")
    url = team_url(memberships, hans, "team-member-remove", member=elsewhere.pk)
    assert client_of(hans).post(url).status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_owners_change_roles_and_others_may_not(team):
    hans, anna, bert, memberships = team
    url = team_url(memberships, hans, "team-member-role", member=memberships[anna.pk].pk)
    response = client_of(hans).post(url, {"role": "admin"}, follow=True)
    assert "Anna Schmidt is now admin." in messages_of(response)
    assert Membership.objects.get(user=anna).role == "admin"

    refused = client_of(anna).post(
        team_url(memberships, hans, "team-member-role", member=memberships[bert.pk].pk),
        {"role": "admin"},
        follow=True,
    )
    assert "Only an owner can change roles." in messages_of(refused)
    assert Membership.objects.get(user=bert).role == "member"
    nonsense = client_of(hans).post(url, {"role": "emperor"}, follow=True)
    assert "Please choose one of the roles." in messages_of(nonsense)


def test_an_admin_sees_the_invitation_form_and_remove_buttons(team):
    hans, anna, _bert, memberships = team
    teams.set_role(memberships[hans.pk], memberships[anna.pk], "admin")
    page = text(client_of(anna).get(team_url(memberships, hans)))
    assert "Invite a colleague" in page and "Remove Bert Brenner" in page
    assert "Change role" not in page  # only owners


# Sharing -------------------------------------------------------------------------------


def test_the_sharing_form_saves_what_i_share(team):
    hans, _anna, bert, memberships = team
    url = team_url(memberships, hans, "team-sharing")
    data = {"kinds": ["customer", "supplier"], "trips": "on"}
    response = client_of(bert).post(url, data, follow=True)
    assert "Saved what you share with Vertrieb." in messages_of(response)
    mine = Membership.objects.get(user=bert)
    assert (mine.share_all, mine.share_kinds, mine.share_trips, mine.share_phones) == (
        False, ["customer", "supplier"], True, False,
    )  # fmt: skip
    assert response.context["sharing_form"].initial["kinds"] == ["customer", "supplier"]
    client_of(bert).post(url, {"share_all": "on", "phones": "on"})
    mine.refresh_from_db()
    assert (mine.share_all, mine.share_kinds, mine.share_trips, mine.share_phones) == (
        True, [], False, True,
    )  # fmt: skip
    nonsense = client_of(bert).post(url, {"kinds": ["emperor"]}, follow=True)
    assert "That did not work; please choose again." in messages_of(nonsense)


def test_the_contact_page_shares_one_contact_and_shows_the_rules(team):
    hans, _anna, bert, memberships = team
    friend = located(bert, kinds=["friend"], given_name="Eva", family_name="Eule")
    customer = located(bert, kinds=["customer"])
    browser = client_of(bert)
    page = text(browser.get(reverse("contact-detail", args=[friend.pk])))
    assert "Shared with teams" in page and "not shared" in page and "Share with team" in page

    url = reverse("contact-team-share", args=[friend.pk])
    team_id = memberships[hans.pk].team_id
    shared = browser.post(url, {"team": team_id}, follow=True)
    assert "Eva Eule is now shared with Vertrieb." in messages_of(shared)
    assert SharedContact.objects.filter(contact=friend).exists()
    assert "Stop sharing" in text(shared)
    assert "You share 1 contact one by one." in text(browser.get(team_url(memberships, hans)))
    browser.post(url, {"team": team_id, "undo": "on"})
    assert not SharedContact.objects.filter(contact=friend).exists()

    set_sharing(memberships[bert.pk], kinds=["customer"])
    page = text(browser.get(reverse("contact-detail", args=[customer.pk])))
    assert "you share your contacts of the kind customer" in page
    assert "Share with team" not in page
    set_sharing(memberships[bert.pk], share_all=True)
    page = text(browser.get(reverse("contact-detail", args=[friend.pk])))
    assert "you share all your contacts" in page


def test_a_contact_cannot_be_shared_with_a_team_i_am_not_in(team):
    hans, _anna, _bert, memberships = team
    olga = account("olga", "Olga Außen")
    mine = located(olga)
    url = reverse("contact-team-share", args=[mine.pk])
    assert client_of(olga).post(url, {"team": memberships[hans.pk].team_id}).status_code == 404
    theirs = located(hans)
    url = reverse("contact-team-share", args=[theirs.pk])
    assert client_of(olga).post(url, {"team": 1}).status_code == 404
    assert not SharedContact.objects.exists()


def test_without_a_team_the_contact_page_shows_no_sharing(people):
    hans = people[0]
    page = text(client_of(hans).get(reverse("contact-detail", args=[located(hans).pk])))
    assert "Shared with teams" not in page
