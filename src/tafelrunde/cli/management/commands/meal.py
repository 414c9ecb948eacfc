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
    help = (
        "Meals: `meal add` logs one (who, where, when, what it cost); "
        "`meal read-bill FILE` says what a photo of the bill shows."
    )

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
        add.add_argument("--currency", metavar="EUR", help="(default: EUR, or the bill's)")
        add.add_argument("--occasion", metavar="TEXT", default="", help="the specific occasion")
        kind = add.add_mutually_exclusive_group()
        kind.add_argument(
            "--business", dest="business", action="store_const", const=True, help="(the default)"
        )
        kind.add_argument(
            "--private", dest="business", action="store_const", const=False, help="not business"
        )
        add.add_argument(
            "--bill",
            metavar="FILE",
            help="the photo of the bill: attached, and read for what the options do not say",
        )
        add.add_argument("--json", action="store_true", help="print the meal as JSON")
        read = actions.add_parser(
            "read-bill",
            help="what a photo of a bill says",
            description="Read a photo of a restaurant's bill: its receipt QR code, else its text.",
        )
        read.add_argument("file", metavar="FILE", help="a photo (JPEG, PNG) of the bill")
        read.add_argument("--json", action="store_true", help="print the reading as JSON")
        self.subparsers = [add, read]

    def handle(self, *args, **options):
        if options["action"] == "add":
            self.add(options)
        elif options["action"] == "read-bill":
            self.read_bill(options)

    def add(self, options):
        from tafelrunde.meals.logbook import save_meal

        owner = self.owner(options)
        meal = meal_from_options(owner, options)
        guests = [contact_named(owner, text) for text in options["guests"]]
        guests = list(dict.fromkeys(guests))  # the same person named twice sits once
        reading, filled = None, []
        if options["bill"]:
            reading, filled = attach_bill(meal, options)
        save_meal(meal, [(guest, None) for guest in guests])
        if options["json"]:
            data = meal_json(meal, guests)
            if reading is not None:
                data["bill_reading"] = {**reading.as_json(), "filled": filled}
            self.print_json(data)
        else:
            self.stdout.write(summary(meal, guests))
            if reading is not None:
                self.stdout.write(bill_summary(reading, filled))

    def read_bill(self, options):
        reading = read_bill_file(options["file"])
        if options["json"]:
            self.print_json(reading.as_json())
        else:
            self.stdout.write(reading_lines(reading))


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
        currency = currency_code(options["currency"] or "EUR")
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


def read_bill_file(name: str, data: bytes | None = None):
    """The reading of the photo in the file; a one-line error for a file that is not one."""
    from tafelrunde.meals.bill_reading import NotABill, read_bill

    if data is None:
        data = read_file(name)
    try:
        return read_bill(data)
    except NotABill as exc:
        raise CommandError(f"{name}: {exc}") from None


def read_file(name: str) -> bytes:
    """The file's bytes, at most a bill's size (and one byte more, to tell it is too big)."""
    from pathlib import Path

    from tafelrunde.meals.photos import MAX_BYTES

    try:
        with Path(name).open("rb") as file:
            return file.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise CommandError(_("%(name)s is a folder, not a file.") % {"name": name}) from None
    except OSError as exc:
        message = _("Cannot read %(name)s: %(reason)s.")
        raise CommandError(message % {"name": name, "reason": exc.strerror}) from None


def attach_bill(meal, options) -> tuple:
    """Attach the --bill photo to the unsaved meal and fill what the options left open from
    its reading; (the reading, the fields filled)."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tafelrunde.meals import photos
    from tafelrunde.meals.bill_fill import fill_meal, stored_reading
    from tafelrunde.meals.logbook import status_for

    name = options["bill"]
    data = read_file(name)
    reading = read_bill_file(name, data)  # refuses what is too big or no bill before it is kept
    upload = SimpleUploadedFile("bill", data)
    try:
        photos.check_bill(upload)
    except ValidationError as exc:
        raise CommandError(f"{name}: {exc.messages[0]}") from None
    given = {
        field
        for field, option in (("restaurant", "restaurant"), ("amount", "amount"), ("tip", "tip"))
        if options[option]
    }
    if options["currency"]:
        given.add("currency")
    filled = fill_meal(meal, reading, given)
    meal.status = status_for(meal.date <= timezone.localdate(), meal.amount)
    meal.bill_reading = stored_reading(reading, proposed=False)
    meal.bill_photo.save(upload.name, upload, save=False)
    return reading, filled


def reading_lines(reading) -> str:
    """One line per value read, with how it was read; the note, if any."""
    from tafelrunde.formatting import money as format_money

    how_words = {"qr": _("from the QR code"), "ocr": _("from the text")}
    values = []
    currency = reading.currency or "EUR"
    labels = {
        "restaurant": (_("Restaurant"), reading.restaurant),
        "address": (_("Address"), reading.address),
        "date": (_("Date"), reading.date.isoformat() if reading.date else None),
        "total": (_("Total"), format_money(reading.total, currency) if reading.total else None),
        "tip": (_("Tip"), format_money(reading.tip, currency) if reading.tip else None),
    }
    for name, (label, value) in labels.items():
        if value is None:
            values.append(f"{label}: " + _("not read"))
        else:
            values.append(f"{label}: {value} ({how_words[reading.how[name]]})")
    if reading.gross_by_rate:
        parts = [
            f"{rate} %: {format_money(amount, currency)}"
            for rate, amount in reading.gross_by_rate.items()
        ]
        values.append(_("Gross by VAT rate") + ": " + ", ".join(parts) + f" ({how_words['qr']})")
    if reading.tse is not None:
        tse = reading.tse
        values.append(
            _(
                "TSE: register %(serial)s, transaction %(transaction)s, signature counter "
                "%(counter)s, %(start)s to %(end)s"
            )
            % {
                "serial": tse.serial,
                "transaction": tse.transaction,
                "counter": tse.signature_counter,
                "start": tse.start.isoformat(),
                "end": tse.end.isoformat(),
            }
            + f" ({how_words['qr']})"
        )
    if reading.note:
        values.append(_("Note") + ": " + reading.note)
    return "\n".join(values)


def bill_summary(reading, filled: list[str]) -> str:
    """What the --bill photo gave the meal, in one or two lines."""
    names = {
        "restaurant": _("restaurant"),
        "restaurant_address": _("address"),
        "amount": _("amount"),
        "tip": _("tip"),
        "currency": _("currency"),
        "tse": _("TSE data"),
        "gross_by_rate": _("gross amounts by VAT rate"),
    }
    if filled:
        line = _("From the bill: %(fields)s.") % {
            "fields": ", ".join(str(names[field]) for field in filled)
        }
    else:
        line = _("The bill is attached; nothing was taken from it.")
    if reading.note:
        line += " " + reading.note
    return line


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
