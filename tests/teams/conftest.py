"""Hans, Anna and Bert, and the sales team they are in (team page tests)."""

import pytest

from tests.teams.helpers import account, sales_team


@pytest.fixture
def people():
    hans = account("hans", "Hans Gastgeber")
    anna = account("anna", "Anna Schmidt")
    bert = account("bert", "Bert Brenner", language="en")
    return hans, anna, bert


@pytest.fixture
def team(people):
    hans, anna, bert = people
    memberships = sales_team(hans, anna, bert)
    return hans, anna, bert, memberships
