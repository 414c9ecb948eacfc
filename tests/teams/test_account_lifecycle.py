"""Teams stay whole when accounts and contacts go: an erased owner leaves an heir, an empty
team goes, a merge keeps one share per team, an erased contact is unshared."""

import datetime as dt

import pytest
from django.utils import timezone

from tafelrunde.exchange.erase_account import erase_account
from tafelrunde.relationships.erase import erase_contact
from tafelrunde.relationships.merge import merge_contacts
from tafelrunde.teams.membership import add_member, create_team, set_role
from tafelrunde.teams.models import Membership, SharedContact, Team
from tafelrunde.teams.sharing import share_contacts
from tests.teams.helpers import account, located

pytestmark = pytest.mark.django_db


def joined(owner_membership, user, role="member", days_ago=0):
    member = add_member(owner_membership, user, role)
    Membership.objects.filter(pk=member.pk).update(
        joined_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return member


def roles(team_id) -> dict[str, str]:
    return {
        m.user.username: m.role
        for m in Membership.objects.filter(team_id=team_id).select_related("user")
    }


def test_the_longest_standing_admin_inherits_a_team_from_its_erased_only_owner():
    hans = account("hans", "Hans")
    owning = create_team(hans, "Vertrieb")
    joined(owning, account("mia", "Mia"), days_ago=200)  # a member before any admin
    joined(owning, account("anna", "Anna"), "admin", days_ago=100)
    joined(owning, account("bert", "Bert"), "admin", days_ago=50)
    erase_account(hans)
    assert roles(owning.team_id) == {"mia": "member", "anna": "owner", "bert": "admin"}


def test_without_admins_the_longest_standing_member_inherits():
    hans = account("hans", "Hans")
    owning = create_team(hans, "Vertrieb")
    joined(owning, account("bert", "Bert"), days_ago=10)
    joined(owning, account("anna", "Anna"), days_ago=20)
    erase_account(hans)
    assert roles(owning.team_id) == {"anna": "owner", "bert": "member"}


def test_another_owner_keeps_the_team_as_it_is():
    hans, anna = account("hans", "Hans"), account("anna", "Anna")
    owning = create_team(hans, "Vertrieb")
    set_role(owning, joined(owning, anna), "owner")
    joined(owning, account("bert", "Bert"), "admin")
    erase_account(hans)
    assert roles(owning.team_id) == {"anna": "owner", "bert": "admin"}


def test_a_team_left_empty_goes_with_its_last_member():
    hans, anna = account("hans", "Hans"), account("anna", "Anna")
    create_team(hans, "Allein")
    together = create_team(hans, "Zusammen")
    joined(together, anna)
    erase_account(hans)
    assert list(Team.objects.values_list("name", flat=True)) == ["Zusammen"]


def test_an_erased_members_shares_go_and_the_team_stays():
    hans, anna = account("hans", "Hans"), account("anna", "Anna")
    owning = create_team(hans, "Vertrieb")
    hers = joined(owning, anna)
    share_contacts(hers, [located(anna, given_name="Frank", family_name="Lindner")])
    erase_account(anna)
    assert roles(owning.team_id) == {"hans": "owner"}
    assert not SharedContact.objects.exists()


def test_a_merge_keeps_one_share_per_team_and_moves_the_others():
    hans = account("hans", "Hans")
    sales, buying = create_team(hans, "Vertrieb"), create_team(hans, "Einkauf")
    keep = located(hans, given_name="Frank", family_name="Lindner")
    other = located(hans, given_name="F.", family_name="Lindner")
    share_contacts(sales, [keep, other])  # both in one team: one share must stay
    share_contacts(buying, [other])  # only the merged-away one: the share moves
    merge_contacts(keep, other)
    assert sorted(SharedContact.objects.values_list("membership__team__name", "contact_id")) == [
        ("Einkauf", keep.pk),
        ("Vertrieb", keep.pk),
    ]


def test_erasing_a_contact_unshares_it():
    hans = account("hans", "Hans")
    sales = create_team(hans, "Vertrieb")
    frank = located(hans, given_name="Frank", family_name="Lindner")
    kept = located(hans, given_name="Eva", family_name="Eule")
    share_contacts(sales, [frank, kept])
    erase_contact(frank)
    assert list(SharedContact.objects.values_list("contact_id", flat=True)) == [kept.pk]
