"""`tafelrunde stats` and the Statistics page: the owner's figures, never anyone else's."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tafelrunde.meals.models import Meal
from tafelrunde.meals.stats import statistics_for
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
    MealFactory,
    MealParticipantFactory,
    TripFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_evening_14_march_2025")
DESIGN_KEYS = [
    "dinners",
    "evenings",
    "evenings_with_company",
    "attempts",
    "acceptance_rate",
    "median_calls_per_dinner",
    "spend",
]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def evening(owner, date: dt.date, trip, *outcomes: str):
    """An evening's calls, a minute apart in this order, each to someone new."""
    one = EveningFactory(owner=owner, date=date, trip=trip)
    start = dt.datetime.combine(one.date, dt.time(17), tzinfo=dt.UTC)
    for minute, outcome in enumerate(outcomes):
        AttemptFactory(evening=one, outcome=outcome, at=start + dt.timedelta(minutes=minute))
    return one


def dinner(owner, date: dt.date, guest, rating=None, **fields) -> Meal:
    meal = MealFactory(owner=owner, date=date, **fields)
    MealParticipantFactory(meal=meal, contact=guest, rating=rating)
    return meal


def history(owner, anna="Anna Albrecht", bernd="Bernd Berger", years_back: int = 0) -> None:
    """A trip to Dresden: company after 2, 1 and 3 calls, one evening alone; five dinners."""

    def on(text: str) -> dt.date:
        return day(text).replace(year=day(text).year - years_back)

    trip = TripFactory(owner=owner, start=on("2025-03-10"), end=on("2025-03-14"))
    evening(owner, on("2025-03-10"), trip, "declined", "accepted")
    evening(owner, on("2025-03-11"), trip, "accepted")
    evening(owner, on("2025-03-12"), trip, "declined", "no-answer", "accepted")
    evening(owner, on("2025-03-13"), trip, "declined")
    anna = ContactFactory(owner=owner, given_name=anna.split()[0], family_name=anna.split()[1])
    bernd = ContactFactory(owner=owner, given_name=bernd.split()[0], family_name=bernd.split()[1])
    dinner(owner, on("2022-12-01"), anna)  # 830 days before they meet again
    dinner(owner, on("2025-03-10"), anna, amount=Decimal("100"), tip=Decimal("10"))
    dinner(owner, on("2025-01-20"), bernd, rating=3)
    dinner(owner, on("2025-02-10"), bernd, rating=4)
    dinner(owner, on("2025-03-12"), bernd, rating=5, amount=Decimal("80"), paid_by="split")
    dinner(owner, on("2025-03-15"), bernd, amount=Decimal("200"), status=Meal.Status.PLANNED)


@pytest.fixture
def owners_history(owner, outsider):
    history(owner)
    history(outsider, anna="Otto Outsider", bernd="Olga Outsider")
    dinner(outsider, day("2025-03-01"), ContactFactory(owner=outsider), amount=Decimal("3000"))
    AttemptFactory(evening=EveningFactory(owner=outsider, date=day("2025-03-01")))


def test_the_owners_figures_count_nothing_of_the_outsider(owner, owners_history):
    figures = statistics_for(owner, day("2025-03-14"))
    assert (figures.dinners, figures.evenings, figures.evenings_with_company) == (5, 4, 3)
    assert (figures.attempts, figures.accepted) == (7, 3)
    assert figures.median_calls_per_dinner == 2
    assert figures.spend == {"EUR": Decimal("150.00")}
    assert (figures.trip_evenings_with_company, figures.trip_evenings_alone) == (3, 1)
    assert [(r.name, r.days_apart) for r in figures.renewed] == [("Anna Albrecht", 830)]
    assert (figures.warmth.before, figures.warmth.after, figures.warmth.contacts) == (3, 5, 1)
    assert (figures.trips, figures.dinners_on_trips, figures.dinners_per_trip) == (1, 2, 2.0)


def test_stats_json_has_the_documented_fields(capsys, owner, owners_history):
    call_command("stats", "--json", "--user", "owner")
    data = json.loads(capsys.readouterr().out)
    assert list(data)[: len(DESIGN_KEYS)] == DESIGN_KEYS
    assert data["dinners"] == 5
    assert data["evenings"] == 4
    assert data["evenings_with_company"] == 3
    assert data["attempts"] == 7
    assert data["acceptance_rate"] == round(3 / 7, 4)
    assert data["median_calls_per_dinner"] == 2
    assert data["spend"] == {"EUR": "150.00"}
    assert data["trip_evenings"] == {"with_company": 3, "alone": 1}
    assert data["acceptance_by_kind"] == {"customer": {"asked": 7, "accepted": 3, "rate": 0.4286}}
    assert data["relationships_renewed"]["count"] == 1
    assert data["relationships_renewed"]["people"][0]["name"] == "Anna Albrecht"
    assert data["warmth"] == {"before": 3.0, "after": 5.0, "contacts": 1, "dinners": 1}
    assert data["dinners_per_month"][0] == {"month": "2022-12", "dinners": 1}
    assert data["dinners_per_month"][-1] == {"month": "2025-03", "dinners": 2}
    assert {"month": "2025-03", "currency": "EUR", "amount": "150.00"} in data["spend_per_month"]
    assert data["dinners_per_trip"] == 2.0


def test_stats_without_json_is_a_short_summary(capsys, owner, owners_history):
    call_command("stats", "--user", "owner")
    out = capsys.readouterr().out
    assert "Calls to find company:   2 (median)" in out
    assert "Spent:                   €150.00" in out


def test_stats_for_a_new_account_has_nothing_to_count(capsys, owner):
    call_command("stats", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["dinners"] == 0
    assert data["acceptance_rate"] is None
    assert data["median_calls_per_dinner"] is None
    assert data["spend"] == {}


def test_stats_with_several_accounts_asks_which(owner, outsider):
    with pytest.raises(CommandError, match="--user"):
        call_command("stats", "--json")


def test_the_page_shows_the_owners_figures(owner_client, owners_history):
    response = owner_client.get(reverse("stats"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Median 2 calls to find company" in page
    assert "Anna Albrecht" in page
    assert "Outsider" not in page
    assert "3000" not in page and "3,000" not in page
    assert "€150.00" in page  # money as the page's language writes it
    assert page.count("<svg") == 4  # dinners, spend in EUR, acceptance by kind, warmth
    assert page.count('role="img"') == 4
    assert page.count("<table") == 2  # month by month, and by kind
    assert '<a href="/stats/" aria-current="page">' in page


def test_the_page_speaks_german(owner_client, owners_history):
    page = owner_client.get(reverse("stats"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="de">' in page
    assert "150,00 €" in page
    assert "März 2025" in page


def test_the_outsider_sees_only_their_own(outsider_client, owners_history):
    page = outsider_client.get(reverse("stats")).content.decode()
    assert "Otto Outsider" in page
    assert "Anna Albrecht" not in page
    assert "€3,150.00" in page


def test_a_new_account_sees_an_empty_page_not_an_error(owner_client):
    response = owner_client.get(reverse("stats"))
    assert response.status_code == 200
    assert "Nothing to count yet" in response.content.decode()


def test_logged_out_visitors_are_sent_to_the_login(client):
    response = client.get("/stats/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_page_takes_a_fixed_number_of_queries(
    owner, owner_client, owners_history, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        owner_client.get(reverse("stats"))
    history(owner, "Clara Clausen", "Dieter Dorn", years_back=3)  # twice the history
    with django_assert_max_num_queries(7):
        assert "Clara Clausen" in owner_client.get(reverse("stats")).content.decode()


def test_only_the_statistics_page_loads_the_statistics_styles(owner_client, owners_history):
    """Its charts and tables are styled by meals/stats.css, which no other page carries
    (Tonight stays light); the styles it names are there to load."""
    page = owner_client.get(reverse("stats")).content.decode()
    tonight = owner_client.get(reverse("tonight")).content.decode()
    assert "/static/meals/stats.css" in page and "/static/tafelrunde/site.css" in page
    assert "/static/meals/stats.css" not in tonight
    styles = owner_client.get("/static/meals/stats.css")
    assert styles.status_code == 200
    assert b"svg.chart" in b"".join(styles.streaming_content)
