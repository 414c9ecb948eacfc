"""Sharing is chosen, never assumed: what a colleague sees, rule by rule."""

import pytest

from tafelrunde.teams.membership import TeamError, leave, remove_member
from tafelrunde.teams.sharing import colleagues_of, set_sharing, share_contacts, shares
from tests.teams.helpers import account, located, sales_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    hans, anna = account("hans", "Hans Gastgeber"), account("anna", "Anna Schmidt")
    return hans, anna, sales_team(hans, anna)


def visible(viewer, contact):
    colleague = colleagues_of(viewer).get(contact.owner_id)
    return bool(colleague and colleague.sees(contact.pk, contact.kinds))


def test_nothing_is_shared_until_the_member_says_so(team):
    hans, anna, memberships = team
    customer = located(anna, kinds=["customer"])
    assert not visible(hans, customer)
    assert not shares(memberships[anna.pk], customer)


def test_by_kind_one_by_one_and_all(team):
    hans, anna, memberships = team
    customer = located(anna, kinds=["customer", "friend"])
    supplier = located(anna, kinds=["supplier"])
    friend = located(anna, kinds=["friend"])
    set_sharing(memberships[anna.pk], kinds=["customer", "supplier"])
    assert [visible(hans, c) for c in (customer, supplier, friend)] == [True, True, False]
    share_contacts(memberships[anna.pk], [friend])
    assert visible(hans, friend)
    share_contacts(memberships[anna.pk], [friend], undo=True)
    set_sharing(memberships[anna.pk], kinds=[])
    assert [visible(hans, c) for c in (customer, supplier, friend)] == [False, False, False]
    set_sharing(memberships[anna.pk], share_all=True)
    assert all(visible(hans, c) for c in (customer, supplier, friend))


def test_sharing_goes_one_way(team):
    hans, anna, memberships = team
    set_sharing(memberships[anna.pk], share_all=True)
    mine = located(hans)
    assert not visible(anna, mine)


def test_only_own_contacts_and_known_kinds(team):
    hans, anna, memberships = team
    with pytest.raises(TeamError, match="your own contacts"):
        share_contacts(memberships[anna.pk], [located(hans)])
    with pytest.raises(TeamError, match="Unknown kind"):
        set_sharing(memberships[anna.pk], kinds=["enemy"])


def test_phone_numbers_only_when_shared_too(team):
    hans, anna, memberships = team
    customer = located(anna, kinds=["customer"])
    set_sharing(memberships[anna.pk], kinds=["customer"])
    assert not colleagues_of(hans)[anna.pk].phones_of(customer.pk, customer.kinds)
    set_sharing(memberships[anna.pk], phones=True)
    assert colleagues_of(hans)[anna.pk].phones_of(customer.pk, customer.kinds)


@pytest.mark.parametrize("how", ["leaves", "is removed"])
def test_leaving_or_removal_takes_everything_back_at_once(team, how):
    hans, anna, memberships = team
    customer = located(anna, kinds=["customer"])
    set_sharing(memberships[anna.pk], share_all=True, trips=True)
    share_contacts(memberships[anna.pk], [customer])
    assert visible(hans, customer)
    if how == "leaves":
        leave(memberships[anna.pk])
    else:
        remove_member(memberships[hans.pk], memberships[anna.pk])
    assert colleagues_of(hans) == {}
    assert colleagues_of(anna) == {}


def test_a_colleague_in_two_teams_shares_what_either_allows():
    hans, anna = account("hans", "Hans"), account("anna", "Anna")
    sales = sales_team(hans, anna, name="Vertrieb")
    board = sales_team(hans, anna, name="Geschäftsführung")
    customer, friend = located(anna, kinds=["customer"]), located(anna, kinds=["friend"])
    set_sharing(sales[anna.pk], kinds=["customer"])
    set_sharing(board[anna.pk], kinds=["friend"], phones=True)
    colleague = colleagues_of(hans)[anna.pk]
    assert sorted(colleague.teams) == ["Geschäftsführung", "Vertrieb"]
    assert colleague.sees(customer.pk, customer.kinds) and colleague.sees(friend.pk, friend.kinds)
    assert colleague.phones_of(friend.pk, friend.kinds)
    assert not colleague.phones_of(customer.pk, customer.kinds)
