"""Every statistic on a small history computed by hand, without a database."""

import datetime as dt
from decimal import Decimal

import pytest

from tafelrunde.core.statistics import (
    AttemptRow,
    EveningRow,
    GuestRow,
    History,
    MealRow,
    TripRow,
    acceptance_by_kind,
    calls_to_find_company,
    compute_statistics,
    owner_share,
    relationships_renewed,
    spend_by_currency,
    warmth,
)

TODAY = dt.date(2025, 3, 14)
SIX_PM = dt.datetime(2025, 3, 1, 17, 0, tzinfo=dt.UTC)


def tried(evening_id: int, *outcomes: str, kinds=("customer",)) -> list[AttemptRow]:
    """Calls made one after another on one evening, a minute apart, each to someone new."""
    return [
        AttemptRow(
            evening_id=evening_id,
            contact_id=evening_id * 10 + n,
            outcome=outcome,
            at=SIX_PM + dt.timedelta(days=evening_id, minutes=n),
            id=evening_id * 10 + n,
            kinds=tuple(kinds),
        )
        for n, outcome in enumerate(outcomes)
    ]


# Three evenings that found company after 2, 1 and 3 calls, and one that did not.
THREE_EVENINGS = [
    *tried(1, "declined", "accepted"),
    *tried(2, "accepted"),
    *tried(3, "declined", "no-answer", "accepted"),
]


def meal(meal_id: int, day: dt.date, **fields) -> MealRow:
    return MealRow(id=meal_id, date=day, **fields)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def test_calls_per_dinner_count_up_to_the_first_yes_and_the_median_is_two():
    assert calls_to_find_company(THREE_EVENINGS) == {1: 2, 2: 1, 3: 3}
    figures = compute_statistics(History(attempts=THREE_EVENINGS), TODAY)
    assert figures.median_calls_per_dinner == 2
    assert figures.calls_per_dinner == {1: 1, 2: 1, 3: 1}


def test_acceptance_is_yes_over_all_attempts():
    figures = compute_statistics(History(attempts=THREE_EVENINGS), TODAY)
    assert (figures.accepted, figures.attempts) == (3, 6)
    assert figures.acceptance_rate == 0.5


def test_no_attempts_means_no_rate_and_no_median():
    figures = compute_statistics(History(attempts=tried(1, "declined", "away")), TODAY)
    assert figures.acceptance_rate == 0
    assert figures.median_calls_per_dinner is None
    empty = compute_statistics(History(), TODAY)
    assert empty.acceptance_rate is None
    assert empty.median_calls_per_dinner is None
    assert empty.dinners_per_month == []
    assert empty.spend == {}


def test_calls_are_counted_in_the_order_they_were_made_not_logged():
    first, second, third = tried(1, "no-answer", "accepted", "declined")
    assert calls_to_find_company([third, second, first]) == {1: 2}


def test_a_second_yes_on_the_same_evening_adds_no_calls():
    assert calls_to_find_company(tried(1, "accepted", "declined", "accepted")) == {1: 1}


def test_an_even_number_of_evenings_has_a_median_between_two():
    attempts = [*tried(1, "declined", "accepted"), *tried(2, "declined", "away", "accepted")]
    figures = compute_statistics(History(attempts=attempts), TODAY)
    assert figures.median_calls_per_dinner == 2.5


def test_spend_is_what_the_owner_paid_full_half_or_nothing():
    host = meal(1, days(-3), amount=Decimal("100.00"), tip=Decimal("10.00"))
    split = meal(2, days(-2), amount=Decimal("80.25"), paid_by="split")
    guest = meal(3, days(-1), amount=Decimal("50.00"), paid_by="guest")
    assert [owner_share(m) for m in (host, split, guest)] == [110, Decimal("40.125"), 0]
    in_francs = meal(4, days(-1), amount=Decimal("30"), currency="chf")
    assert spend_by_currency([host, split, guest, in_francs]) == {
        "CHF": Decimal("30.00"),
        "EUR": Decimal("150.13"),
    }


def test_a_planned_meal_is_neither_a_dinner_nor_spend():
    planned = meal(1, days(1), status="planned", amount=Decimal("99"))
    held = meal(2, days(-1), amount=Decimal("20"), tip=Decimal("2.50"))
    figures = compute_statistics(History(meals=[planned, held]), TODAY)
    assert figures.dinners == 1
    assert figures.spend == {"EUR": Decimal("22.50")}


def test_a_meal_the_guests_paid_does_not_open_a_currency():
    assert spend_by_currency([meal(1, days(-1), amount=Decimal(40), paid_by="guest")]) == {}


def test_months_run_from_the_first_dinner_to_today_with_empty_months_filled():
    meals = [
        meal(1, dt.date(2024, 12, 5), amount=Decimal("60")),
        meal(2, dt.date(2024, 12, 20), amount=Decimal("40"), paid_by="split"),
        meal(3, dt.date(2025, 2, 1), amount=Decimal("10"), currency="CHF"),
    ]
    figures = compute_statistics(History(meals=meals), TODAY)
    assert figures.dinners_per_month == [
        ("2024-12", 2),
        ("2025-01", 0),
        ("2025-02", 1),
        ("2025-03", 0),
    ]
    assert figures.spend_per_month == [
        ("2024-12", "CHF", Decimal("0.00")),
        ("2024-12", "EUR", Decimal("80.00")),
        ("2025-01", "CHF", Decimal("0.00")),
        ("2025-01", "EUR", Decimal("0.00")),
        ("2025-02", "CHF", Decimal("10.00")),
        ("2025-02", "EUR", Decimal("0.00")),
        ("2025-03", "CHF", Decimal("0.00")),
        ("2025-03", "EUR", Decimal("0.00")),
    ]


def test_trip_evenings_with_and_without_company():
    evenings = [
        EveningRow(1, days(-5), trip_id=7),  # found company
        EveningRow(2, days(-4), trip_id=7),  # only no's
        EveningRow(3, days(-3), trip_id=7),  # nobody called
        EveningRow(4, days(-2), trip_id=None),  # at home, found company
    ]
    attempts = [*tried(1, "accepted"), *tried(2, "declined"), *tried(4, "accepted")]
    figures = compute_statistics(History(evenings=evenings, attempts=attempts), TODAY)
    assert (figures.evenings, figures.evenings_with_company) == (4, 2)
    assert (figures.trip_evenings_with_company, figures.trip_evenings_alone) == (1, 2)


def test_acceptance_by_kind_counts_someone_with_two_kinds_for_both():
    attempts = [
        *tried(1, "declined", "accepted", kinds=("customer", "friend")),
        *tried(2, "accepted", kinds=("customer",)),
        *tried(3, "no-answer", kinds=()),
    ]
    by_kind = acceptance_by_kind(attempts)
    assert {kind: (k.asked, k.accepted) for kind, k in by_kind.items()} == {
        "customer": (3, 2),
        "friend": (2, 1),
        "other": (1, 0),
    }
    assert by_kind["friend"].rate == 0.5


def seated(meal_id: int, contact_id: int, name: str, rating: int | None = None) -> GuestRow:
    return GuestRow(meal_id=meal_id, contact_id=contact_id, name=name, rating=rating)


def test_someone_unseen_for_800_days_is_renewed_but_not_after_300():
    meals = [
        meal(1, days(-900)),
        meal(2, days(-100)),  # Anna again after 800 days
        meal(3, days(-400)),
        meal(4, days(-100)),  # Bernd again after 300 days
        meal(5, days(-10)),  # Carla for the first time: a first meeting, not a renewal
        meal(6, days(-740)),
        meal(7, days(-10)),  # Dora after exactly 730 days: two years
        meal(8, days(-2000), status="planned"),  # planned: Bernd was never met then
    ]
    guests = [
        seated(1, 1, "Anna"),
        seated(2, 1, "Anna"),
        seated(3, 2, "Bernd"),
        seated(4, 2, "Bernd"),
        seated(8, 2, "Bernd"),
        seated(5, 3, "Carla"),
        seated(6, 4, "Dora"),
        seated(7, 4, "Dora"),
        seated(7, None, "an erased contact"),
    ]
    dinners = [m for m in meals if m.status == "held"]
    renewed = relationships_renewed(dinners, guests)
    assert [(r.name, r.days_apart, r.date) for r in renewed] == [
        ("Dora", 730, days(-10)),
        ("Anna", 800, days(-100)),
    ]
    assert len(compute_statistics(History(meals=meals, guests=guests), TODAY).renewed) == 2


def test_warmth_compares_the_90_days_before_a_dinner_with_the_90_days_after():
    meals = [meal(1, days(-60)), meal(2, days(-30)), meal(3, days(0))]
    guests = [seated(1, 1, "Anna", 2), seated(2, 1, "Anna", 5), seated(3, 1, "Anna", 4)]
    # Focus on the dinner 30 days ago: before it a 2, after it a 4. The first dinner has nothing
    # before it; the last nothing after it.
    result = warmth(meals, guests)
    assert (result.before, result.after, result.contacts, result.dinners) == (2, 4, 1, 1)


def test_warmth_averages_over_every_rated_dinner_with_both_sides():
    meals = [meal(1, days(0)), meal(2, days(50)), meal(3, days(100)), meal(4, days(140))]
    anna = [seated(1, 1, "Anna", 2), seated(2, 1, "Anna", 3)]
    anna += [seated(3, 1, "Anna", 4), seated(4, 1, "Anna", 5)]
    # Day 50: before [2], after [4, 5] → 2 and 4.5. Day 100: before [3] (day 0 is 100 days
    # back), after [5] → 3 and 5. Days 0 and 140 lack a side.
    result = warmth(meals, anna)
    assert result.before == pytest.approx(2.5)
    assert result.after == pytest.approx(4.75)
    assert (result.contacts, result.dinners) == (1, 2)


def test_warmth_leaves_out_one_sided_unrated_and_same_day_meetings():
    meals = [meal(1, days(-30)), meal(2, days(0)), meal(3, days(0)), meal(4, days(120))]
    guests = [
        seated(1, 2, "Bernd", 3),  # Bernd: ratings only before his dinner on day 0
        seated(2, 2, "Bernd", 5),
        seated(3, 2, "Bernd", 1),  # the same day: neither before nor after
        seated(4, 2, "Bernd"),  # not rated
        seated(2, 3, "Carla"),
    ]
    assert warmth(meals, guests).contacts == 0
    assert warmth(meals, guests).before is None


def test_warmth_takes_dinners_on_the_first_and_last_day_of_the_calendar():
    # Found by fuzzing: the meal form takes 0001-01-01, and day - 90 days overflowed.
    first, last = dt.date.min, dt.date.max
    meals = [meal(1, first), meal(2, first + dt.timedelta(days=1)), meal(3, last)]
    guests = [seated(1, 1, "Anna", 2), seated(2, 1, "Anna", 4), seated(3, 1, "Anna", 5)]
    assert warmth(meals, guests).contacts == 0


def test_dinners_per_trip_counts_dinners_within_trips_that_have_begun():
    trips = [
        TripRow(1, days(-10), days(-8)),  # two dinners
        TripRow(2, days(-5), days(-4)),  # none
        TripRow(3, days(10), days(12)),  # still ahead: not counted
    ]
    meals = [
        meal(1, days(-10)),
        meal(2, days(-8)),
        meal(3, days(-6)),  # between trips
        meal(4, days(-4), status="planned"),
    ]
    figures = compute_statistics(History(meals=meals, trips=trips), TODAY)
    assert (figures.trips, figures.dinners_on_trips, figures.dinners_per_trip) == (2, 2, 1.0)
    assert compute_statistics(History(meals=meals), TODAY).dinners_per_trip is None


def test_a_tip_without_an_amount_is_no_spend_until_the_amount_is_noted():
    tip_only = meal(1, days(-2), tip=Decimal("5.00"))
    noted = meal(2, days(-1), amount=Decimal("40.00"), tip=Decimal("5.00"))
    assert owner_share(tip_only) == 0
    assert spend_by_currency([tip_only]) == {}
    assert spend_by_currency([tip_only, noted]) == {"EUR": Decimal("45.00")}
