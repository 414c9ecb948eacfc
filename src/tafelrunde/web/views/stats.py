"""The Statistics page: does the habit work? Headline figures, charts and their tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tafelrunde.core.charts import Bar, column_chart, row_chart
from tafelrunde.core.statistics import Statistics
from tafelrunde.meals.stats import statistics_for
from tafelrunde.network.models import Kind
from tafelrunde.owned import OwnerRequest

MONTHS_SHOWN = 12  # the charts and their table show the last year; `stats --json` has all


@dataclass(frozen=True)
class MonthRow:
    first_day: dt.date
    dinners: int
    spend: list  # the owner's spend in each currency, in the order of the page's currencies


@dataclass(frozen=True)
class KindRow:
    label: str
    asked: int
    accepted: int
    percent: int


def statistics_page(request: OwnerRequest) -> HttpResponse:
    """The owner's statistics; nothing of another account is ever counted."""
    figures = statistics_for(request.user, timezone.localdate())
    months = month_rows(figures)
    kinds = kind_rows(figures)
    median = figures.median_calls_per_dinner
    context = {
        "figures": figures,
        "median": median,
        # Singular only for exactly one call; 2.5 calls read as plural.
        "median_count": 1 if median == 1 else 2,
        "acceptance_percent": percent(figures.acceptance_rate),
        "currencies": list(figures.spend),
        "months": months,
        "kinds": kinds,
        "charts": charts(figures, months, kinds),
    }
    return render(request, "meals/stats.html", context)


def percent(rate: float | None) -> int | None:
    return None if rate is None else round(rate * 100)


def month_rows(figures: Statistics) -> list[MonthRow]:
    """The last months, each with its dinners and the owner's spend per currency."""
    spend = {(month, currency): amount for month, currency, amount in figures.spend_per_month}
    rows = []
    for month, dinners in figures.dinners_per_month[-MONTHS_SHOWN:]:
        year, number = (int(part) for part in month.split("-"))
        amounts = [spend.get((month, currency)) for currency in figures.spend]
        rows.append(MonthRow(dt.date(year, number, 1), dinners, amounts))
    return rows


def kind_rows(figures: Statistics) -> list[KindRow]:
    """Acceptance per relationship kind, the most asked first."""
    labels = dict(Kind.choices)
    rows = [
        KindRow(str(labels.get(kind, kind)), k.asked, k.accepted, round(k.rate * 100))
        for kind, k in figures.acceptance_by_kind.items()
    ]
    return sorted(rows, key=lambda row: (-row.asked, row.label))


def _month_bar(row: MonthRow, index: int, value, text: str) -> Bar:
    # The year under the first month and under every January.
    year = str(row.first_day.year) if index == 0 or row.first_day.month == 1 else ""
    return Bar(formats.date_format(row.first_day, "M"), float(value), text, year)


def charts(figures: Statistics, months: list[MonthRow], kinds: list[KindRow]) -> dict:
    """Every chart of the page as SVG markup (escaped by the chart module)."""
    dinners = column_chart(
        [_month_bar(row, i, row.dinners, str(row.dinners)) for i, row in enumerate(months)],
        title=_("Dinners per month"),
        description=_("One bar per month; the table below lists the same figures."),
    )
    spend = []
    for position, currency in enumerate(figures.spend):
        bars = [
            _month_bar(row, i, row.spend[position], whole(row.spend[position]))
            for i, row in enumerate(months)
        ]
        title = _("Spend per month in %(currency)s") % {"currency": currency}
        description = _("What you paid, one bar per month; the table below lists it too.")
        spend.append(
            (currency, mark_safe(column_chart(bars, title=title, description=description)))
        )
    by_kind = row_chart(
        [Bar(row.label, row.percent, kind_text(row)) for row in kinds],
        title=_("Acceptance by relationship"),
        description=_("Share of calls answered with yes, per kind; the table lists the same."),
        maximum=100,
    )
    return {
        "dinners": mark_safe(dinners),
        "spend": spend,
        "by_kind": mark_safe(by_kind),
        "warmth": mark_safe(warmth_chart(figures)),
    }


def warmth_chart(figures: Statistics) -> str:
    warmth = figures.warmth
    if warmth.before is None or warmth.after is None:
        return ""
    return row_chart(
        [
            Bar(_("90 days before"), warmth.before, formats.number_format(warmth.before, 1)),
            Bar(_("90 days after"), warmth.after, formats.number_format(warmth.after, 1)),
        ],
        title=_("Warmth before and after a dinner"),
        description=_(
            "Average rating from 1 (cool) to 5 (warm); the figures are also in the text."
        ),
        maximum=5,
    )


def kind_text(row: KindRow) -> str:
    return _("%(percent)d%% (%(accepted)d of %(asked)d)") % {
        "percent": row.percent,
        "accepted": row.accepted,
        "asked": row.asked,
    }


def whole(amount) -> str:
    """Money rounded to whole units: short enough to stand above a bar (the table has cents)."""
    return formats.number_format(round(amount), 0)
