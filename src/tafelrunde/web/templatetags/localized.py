"""Template filters that write money, distances, places and phone numbers as readers expect.

Registered as a built-in library (see TEMPLATES in settings), so no template loads it:
{{ meal.amount|money:meal.currency }}, {{ candidate.distance_km|km }}, {{ trip.place|place_name }},
{{ phone.number|phone:home_country }}.
"""

from __future__ import annotations

from django import template

from tafelrunde import formatting

register = template.Library()


@register.filter
def money(amount, currency: str = "EUR") -> str:
    """ "1.234,56 €" on a German page, "€1,234.56" on an English one; "" for no amount."""
    return formatting.money(amount, currency)


@register.filter
def km(value) -> str:
    """ "12,5 km" on a German page, "12.5 km" on an English one."""
    if value is None or value == "":
        return ""
    return formatting.km(float(value))


@register.filter
def place_name(place) -> str:
    """The place's name as the page's language writes it ("München" / "Munich")."""
    return formatting.place_name(place)


@register.filter
def phone(number: str, home_country: str = "") -> str:
    """ "0351 7491792" for a number of the owner's `home_country`, "+49 351 7491792" for one
    from abroad (links keep E.164: tel:{{ phone.number }})."""
    from tafelrunde.core.phones import readable_phone  # phonenumbers: not for `--help`

    return readable_phone(number or "", home_country or "")
