from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tafelrunde.cli.base import (
    TafelrundeCommand,
    contact_named,
    parse_day,
    place_named,
)
from tafelrunde.columns import max_length
from tafelrunde.formatting import money as format_money
from tafelrunde.formatting import place_name

if TYPE_CHECKING:
    pass

TEXT_OPTIONS = {"--restaurant": "restaurant", "--occasion": "occasion"}


class Command(TafelrundeCommand):
    help = "Meals: `meal add` logs one (who, where, when, what it cost)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        add = actions.add_parser("add", help="log a meal", description="Log a meal.")
        add.add_argument("--date", metavar="D", required=True, help="YYYY-MM-DD, today, tomorrow")
        add.add_argument(
            "--with",
            dest="guests",
            metavar="CONTACT",
            action="append",
            required=True,
            help="a guest: a contact id or a name (repeat for several)",
        )
        add.add_argument("--restaurant", metavar="R", default="")
        add.add_argument("--place", metavar="P", help="where (default: that evening's place)")
        add.add_argument("--amount", metavar="A", help="the bill, e.g. 86.50")
        add.add_argument("--tip", metavar="T", help="the tip, e.g. 8.50")
        add.add_argument("--currency", metavar="EUR", default="EUR", help="(default: EUR)")
        add.add_argument("--occasion", metavar="TEXT", default="", help="the specific occasion")
        kind = add.add_mutually_exclusive_group()
        kind.add_argument(
            "--business", dest="business", action="store_const", const=True, help="(the default)"
        )
        kind.add_argument(
            "--private", dest="business", action="store_const", const=False, help="not business"
        )
        add.add_argument("--json", action="store_true", help="print the meal as JSON")
        self.subparsers = [add]

    def handle(self, *args, **options):
        if options["action"] == "add":
            self.add(options)

    def add(self, options):
        from tafelrunde.meals.logbook import save_meal

        owner = self.owner(options)
        meal = meal_from_options(owner, options)
        guests = [contact_named(owner, text) for text in options["guests"]]
        guests = list(dict.fromkeys(guests))  # the same person named twice sits once
        save_meal(meal, [(guest, None) for guest in guests])
        if options["json"]:
            self.print_json(meal_json(meal, guests))
        else:
            self.stdout.write(summary(meal, guests))


def meal_from_options(owner, options):
    """The unsaved meal the options describe; a one-line error for anything wrong."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from tafelrunde.meals.forms import currency_code
    from tafelrunde.meals.logbook import status_for
    from tafelrunde.meals.models import Meal

    day = parse_day(options["date"])
    amount, tip = money(options["amount"], "--amount"), money(options["tip"], "--tip")
    try:
        currency = currency_code(options["currency"])
    except ValidationError:
        message = _("--currency must be a three-letter code like EUR, not %(text)r.")
        raise CommandError(message % {"text": options["currency"]}) from None
    for option, field in TEXT_OPTIONS.items():
        limit = max_length(Meal, field)
        if len(options[field]) > limit:
            message = _("%(option)s may be at most %(limit)d characters long.")
            raise CommandError(message % {"option": option, "limit": limit})
    business = options["business"]
    return Meal(
        owner=owner,
        date=day,
        status=status_for(day <= timezone.localdate(), amount),
        restaurant=options["restaurant"].strip(),
        place=place_named(options["place"]) if options["place"] else None,
        amount=amount,
        tip=tip,
        currency=currency,
        occasion=options["occasion"].strip(),
        business=True if business is None else business,
    )


def money(text: str | None, option: str):
    """An amount of money ≥ 0 with at most two decimals ("86.50", "86,50"), or None."""
    from decimal import Decimal

    from django import forms
    from django.core.exceptions import ValidationError

    if text is None:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    field = forms.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    try:
        return field.clean(text.strip()).quantize(Decimal("0.01"))
    except ValidationError:
        message = _("%(option)s must be an amount like 86.50, not %(text)r.")
        raise CommandError(message % {"option": option, "text": text}) from None


def meal_json(meal, guests) -> dict:
    def plain(value):
        return None if value is None else str(value)

    return {
        "id": meal.pk,
        "date": meal.date.isoformat(),
        "restaurant": meal.restaurant,
        "place": meal.place.name if meal.place else None,
        "participants": [guest.full_name for guest in guests],
        "participant_ids": [guest.pk for guest in guests],
        "amount": plain(meal.amount),
        "tip": plain(meal.tip),
        "currency": meal.currency,
        "business": meal.business,
        "occasion": meal.occasion,
        "status": meal.status,
        "evening_id": meal.evening_id,
    }


def summary(meal, guests) -> str:
    where = ", ".join(part for part in (meal.restaurant, place_name(meal.place)) if part)
    words = {
        "id": meal.pk,
        "date": meal.date.isoformat(),
        "where": where,
        "names": ", ".join(guest.full_name for guest in guests),
    }
    if where:
        line = _("Meal #%(id)s on %(date)s at %(where)s with %(names)s") % words
    else:
        line = _("Meal #%(id)s on %(date)s with %(names)s") % words
    if meal.amount is not None:
        amount = format_money(meal.amount, meal.currency)
        if meal.tip:
            tip = format_money(meal.tip, meal.currency)
            amount = _("%(amount)s + %(tip)s tip") % {"amount": amount, "tip": tip}
        line += f": {amount}"
    kind = _("business") if meal.business else _("private")
    return f"{line} ({kind}, {meal.get_status_display()})."
