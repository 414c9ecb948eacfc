"""The call list's order, without a database: every part of a score is a reason one can read."""

import datetime as dt

import pytest

from tafelrunde.core.ranking import Ranking, Signals

DAY = dt.date(2025, 3, 14)
RANKING = Ranking(DAY, rest_days=14)


def person(**signals) -> Signals:
    """A customer 10 km away, importance 3, nothing else known: everything else equal."""
    return Signals(**{"distance_km": 10.0, "kinds": ["customer"], **signals})


def order(**people: Signals) -> list[str]:
    return sorted(people, key=lambda name: -RANKING.score(people[name]))


def reasons(signals: Signals) -> list[str]:
    return RANKING.explain(signals)[1]


def test_closer_is_better_and_the_same_city_best():
    assert order(
        far=person(distance_km=45),
        near=person(distance_km=12),
        here=person(distance_km=0.5, same_city=True),
    ) == ["here", "near", "far"]
    assert reasons(person(distance_km=12.4)) == ["customer", "12 km"]
    assert "same city" in reasons(person(distance_km=0, same_city=True))


def test_a_customer_comes_before_a_social_network_contact_and_importance_counts():
    assert order(
        linkedin=person(kinds=["social_network"]),
        customer=person(kinds=["customer"]),
        key_customer=person(kinds=["customer"], importance=5),
    ) == ["key_customer", "customer", "linkedin"]
    assert reasons(person(kinds=["social_network", "supplier"], importance=4))[0] == (
        "important supplier"
    )
    assert (
        reasons(person(kinds=["school_friend"], importance=5))[0] == "very important school friend"
    )


def test_an_unknown_or_missing_kind_counts_as_other():
    assert RANKING.score(person(kinds=["investor"])) == RANKING.score(person(kinds=["other"]))
    assert RANKING.score(person(kinds=[])) == RANKING.score(person(kinds=["other"]))
    assert reasons(person(kinds=[])) == ["10 km"]


def test_a_long_lost_acquaintance_outranks_a_friend_seen_last_week():
    lost = person(kinds=["friend"], known_since=dt.date(2004, 5, 1), last_met=dt.date(2009, 6, 1))
    friend = person(
        kinds=["friend"], known_since=dt.date(2004, 5, 1), last_met=DAY - dt.timedelta(7)
    )
    assert order(friend=friend, lost=lost) == ["lost", "friend"]
    assert "known since 2004, last seen 2009" in reasons(lost)
    assert "seen 7 days ago" in reasons(friend)


def test_known_long_but_never_met_is_overdue_too():
    assert order(
        newcomer=person(),
        old_acquaintance=person(known_since=dt.date(2004, 1, 1)),
    ) == ["old_acquaintance", "newcomer"]
    assert "known since 2004" in reasons(person(known_since=dt.date(2004, 1, 1)))


def test_a_meeting_a_few_months_ago_is_no_reason_either_way():
    assert reasons(person(last_met=DAY - dt.timedelta(days=120))) == ["customer", "10 km"]


def test_past_answers_are_smoothed_so_a_newcomer_is_not_punished():
    newcomer = RANKING.score(person())
    assert newcomer >= RANKING.score(person(asked=2, said_yes=1))
    assert newcomer > RANKING.score(person(asked=1, said_yes=0))
    assert RANKING.score(person(asked=4, said_yes=3)) > newcomer
    assert "said yes 3 of 4 times" in reasons(person(asked=4, said_yes=3))
    assert "said no last time" in reasons(person(asked=1, said_yes=0))
    assert not any("said" in reason for reason in reasons(person()))


def test_someone_who_declined_five_days_ago_rests_and_the_list_says_so():
    resting = person(distance_km=1, last_declined=DAY - dt.timedelta(days=5))
    assert order(resting=resting, other=person(distance_km=40)) == ["other", "resting"]
    assert "declined 5 days ago" in reasons(resting)
    assert "declined yesterday" in reasons(person(last_declined=DAY - dt.timedelta(days=1)))


def test_the_rest_ends_after_the_rest_days():
    on_the_last_day = person(last_declined=DAY - dt.timedelta(days=14))
    after = person(last_declined=DAY - dt.timedelta(days=15))
    assert "declined 14 days ago" in reasons(on_the_last_day)
    assert not any("declined" in reason for reason in reasons(after))
    assert RANKING.score(after) == RANKING.score(person())
    assert Ranking(DAY, rest_days=30).score(after) < RANKING.score(after)


@pytest.mark.parametrize("clock", [dt.time(9, 0), dt.time(13, 5), dt.time(20, 30)])
def test_a_decent_hour_costs_nothing(clock):
    assert RANKING.score(person(local_time=clock)) == RANKING.score(person())
    assert not any(reason.startswith("it is") for reason in reasons(person(local_time=clock)))


@pytest.mark.parametrize("clock", [dt.time(23, 10), dt.time(20, 45), dt.time(7, 30)])
def test_a_late_or_early_hour_ranks_lower_and_says_the_time(clock):
    assert RANKING.score(person(local_time=clock)) < RANKING.score(person())
    assert f"it is {clock:%H:%M} there" in reasons(person(local_time=clock))


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [("no-answer", "no answer earlier tonight"), ("call-back", "asked to be called back")],
)
def test_tried_tonight_stays_but_lower(outcome, reason):
    assert RANKING.score(person(tried_tonight=outcome)) < RANKING.score(person())
    assert reasons(person(tried_tonight=outcome))[-1] == reason


def test_reasons_come_in_the_order_of_the_parts():
    everything = person(
        distance_km=12,
        known_since=dt.date(2004, 1, 1),
        last_met=dt.date(2009, 1, 1),
        asked=4,
        said_yes=3,
        last_declined=DAY - dt.timedelta(days=5),
        local_time=dt.time(23, 10),
    )
    assert reasons(everything) == [
        "customer",
        "12 km",
        "known since 2004, last seen 2009",
        "said yes 3 of 4 times",
        "declined 5 days ago",
        "it is 23:10 there",
    ]


@pytest.mark.parametrize(
    "signals",
    [
        person(),
        person(distance_km=0, same_city=True, importance=1, tried_tonight="no-answer"),
        person(last_met=DAY - dt.timedelta(3), asked=3, said_yes=3, local_time=dt.time(6, 0)),
        person(kinds=["friend", "customer"], known_since=dt.date(1990, 1, 1), asked=5),
    ],
)
def test_the_score_is_the_sum_of_the_explained_parts(signals):
    score, _reasons = RANKING.explain(signals)
    assert score == pytest.approx(RANKING.score(signals))
