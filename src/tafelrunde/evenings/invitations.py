"""Invitation and confirmation texts in the contact's language and form of address, and the
one-tap links (call, SMS, WhatsApp, e-mail) that carry them."""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

import phonenumbers

from tafelrunde.core.phones import parse_phone
from tafelrunde.core.salutations import greeting
from tafelrunde.network.models import Contact, Phone, Place

if TYPE_CHECKING:
    from tafelrunde.accounts.models import Profile

# {greeting} came later than the others: texts saved before it (with "Guten Tag {name},")
# still fill, and say what they said.
PLACEHOLDERS = ("greeting", "name", "given_name", "city", "host")
# Numbers that can take an SMS or WhatsApp (in the US and Canada mobiles look like landlines).
_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)

# One place for the defaults: key "language-form"; the owner may override each in settings.
DEFAULT_INVITATIONS = {
    "de-du": (
        "Hallo {given_name}, ich bin heute Abend in {city}. Hast du Lust und Zeit, "
        "mit mir essen zu gehen? Ich lade dich ein. Viele Grüße, {host}"
    ),
    "de-sie": (
        "{greeting}, ich bin heute Abend in {city}. Hätten Sie Zeit und Lust auf ein "
        "gemeinsames Abendessen? Ich würde Sie gern einladen. Herzliche Grüße, {host}"
    ),
    "en-du": (
        "Hi {given_name}, I'm in {city} tonight. Would you like to have dinner with me? "
        "My treat. Best, {host}"
    ),
    "en-sie": (
        "{greeting}, I am in {city} tonight. Would you have time to join me for dinner? "
        "It would be my pleasure to invite you. Kind regards, {host}"
    ),
}
TEMPLATE_KEYS = tuple(DEFAULT_INVITATIONS)

SUBJECTS = {"de": "Abendessen heute in {city}?", "en": "Dinner tonight in {city}?"}
CONFIRMATIONS = {
    "de-du": "Hallo {given_name}, schön, dass es klappt! {details} Bis später, {host}",
    "de-sie": "{greeting}, schön, dass es klappt! {details} Bis später, {host}",
    "en-du": "Hi {given_name}, great that it works out! {details} See you later, {host}",
    "en-sie": "{greeting}, I am glad it works out. {details} See you later, {host}",
}
BIRTHDAY_GREETINGS = {
    "de-du": (
        "{greeting}, alles Gute zum Geburtstag! Ich wünsche dir ein schönes neues Lebensjahr "
        "und hoffe, wir sehen uns bald wieder. Herzliche Grüße, {host}"
    ),
    "de-sie": (
        "{greeting}, herzlichen Glückwunsch zum Geburtstag! Ich wünsche Ihnen alles Gute, "
        "Gesundheit und ein erfolgreiches neues Lebensjahr. Herzliche Grüße, {host}"
    ),
    "en-du": (
        "{greeting}, happy birthday! Wishing you a wonderful year ahead, and I hope we see "
        "each other soon. Best, {host}"
    ),
    "en-sie": (
        "{greeting}, many happy returns of the day! Wishing you all the best for the year "
        "ahead. Kind regards, {host}"
    ),
}
# An invitation sent to several at once carries a personal link to answer by (tafelrunde.rounds).
ROUND_ANSWER_LINES = {
    "de-du": "Sag mir hier mit einem Tipp, ob du kannst: {url}",
    "de-sie": "Hier können Sie mit einem Klick zu- oder absagen: {url}",
    "en-du": "Just tap here to let me know: {url}",
    "en-sie": "You can reply with one click here: {url}",
}
TO_BE_DECIDED = {"de": "Ort folgt", "en": "place to be decided"}
ON_DAY = {"de": ("Am {day} um {time} Uhr", "Am {day}"), "en": ("On {day} at {time}", "On {day}")}
DAY_FORMATS = {"de": "l, j. F", "en": "l, j F"}  # "Sonntag, 6. Dezember", "Sunday, 6 December"
CONFIRMATION_SUBJECTS = {"de": "Abendessen heute Abend", "en": "Dinner tonight"}
DETAILS = {"de": ("Heute um {time} Uhr", "Heute Abend"), "en": ("Tonight at {time}", "Tonight")}


def template_key(contact: Contact) -> str:
    """German for German speakers, English for everyone else; du or Sie."""
    language = "de" if contact.language == "de" else "en"
    form = "du" if contact.address_form == "du" else "sie"
    return f"{language}-{form}"


def city_for(place, contact: Contact) -> str:
    """The place's name in the language the contact is written to."""
    return place.name_in(template_key(contact)[:2]) if place is not None else ""


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders in `text` that invitations do not fill; raises ValueError for bad braces."""
    return [
        f"{{{field}}}"
        for _literal, field, spec, conversion in string.Formatter().parse(text)
        if field is not None and (field not in PLACEHOLDERS or spec or conversion)
    ]


def _fill(template: str, values: dict[str, str]) -> str:
    """`template` with its {placeholders} filled; only plain names, never "{name.attr:>9}"."""
    parts = []
    for literal, field, spec, conversion in string.Formatter().parse(template):
        parts.append(literal)
        if field is None:
            continue
        if field not in values or spec or conversion:
            raise ValueError(f"unknown placeholder {{{field}}}")
        parts.append(values[field])
    return "".join(parts)


def _values(contact: Contact, city: str, host: str) -> dict[str, str]:
    name = contact.full_name.strip()
    language, form = template_key(contact).split("-")
    return {
        "greeting": greeting(contact, language, formal=form == "sie"),
        "name": name,
        "given_name": contact.given_name.strip() or name,
        "city": city,
        "host": host,
    }


def invitation_text(contact: Contact, city: str, host: str, templates: dict | None = None) -> str:
    """The invitation for tonight, from the owner's own template when it is usable."""
    key = template_key(contact)
    values = _values(contact, city, host)
    own = (templates or {}).get(key)
    if own:
        try:
            return _fill(own, values)
        except ValueError:
            pass  # a template saved before validation, or by hand: fall back to the default
    return _fill(DEFAULT_INVITATIONS[key], values)


def invitation_subject(contact: Contact, city: str) -> str:
    return SUBJECTS[template_key(contact)[:2]].format(city=city)


@dataclass(frozen=True)
class Host:
    """Who invites: the name invitations are signed with, and the owner's own texts."""

    name: str
    templates: dict

    @classmethod
    def of(cls, profile: Profile) -> Host:
        """The host an owner's profile describes (tafelrunde.accounts.models.profile_for)."""
        return cls(profile.display_name, profile.invitation_templates)

    def invitation(self, contact: Contact, place: Place) -> str:
        """Tonight's invitation to `contact` at `place`: the text every face and link carries."""
        return invitation_text(contact, city_for(place, contact), self.name, self.templates)


def confirmation_text(contact: Contact, city: str, host: str, when: str, where: str) -> str:
    """ "Great that it works out! Tonight at 19:30, Weinstube, An der Frauenkirche 5." …"""
    key = template_key(contact)
    at_time, tonight = DETAILS[key[:2]]
    details = at_time.format(time=when) if when else tonight
    details = f"{details}, {where}." if where else f"{details}."
    return _fill(CONFIRMATIONS[key], {**_values(contact, city, host), "details": details})


def round_message(
    contact: Contact, place: Place, host: Host, when: str, where: str, url: str, day: str = ""
) -> str:
    """The invitation of a round: the owner's text, when and where, and the personal link;
    `day` ("Sonntag, 6. Dezember") for an evening other than tonight."""
    key = template_key(contact)
    at_time, tonight = (ON_DAY if day else DETAILS)[key[:2]]
    details = at_time.format(time=when, day=day) if when else tonight.format(day=day)
    details = f"{details}, {where or TO_BE_DECIDED[key[:2]]}."
    answer = ROUND_ANSWER_LINES[key].format(url=url)
    return f"{host.invitation(contact, place)}\n\n{details}\n{answer}"


def confirmation_subject(contact: Contact) -> str:
    return CONFIRMATION_SUBJECTS[template_key(contact)[:2]]


def birthday_greeting(contact: Contact, host: str) -> str:
    """ "Happy birthday, Anna! …" in the contact's language and form of address."""
    return _fill(BIRTHDAY_GREETINGS[template_key(contact)], _values(contact, "", host))


@dataclass(frozen=True)
class Actions:
    """One-tap links for a contact; empty strings where there is no number or address."""

    call: str = ""
    sms: str = ""
    whatsapp: str = ""
    email: str = ""
    number: str = ""  # the number called, E.164


def _is_mobile(phone: Phone) -> bool:
    if phone.type == Phone.Type.MOBILE:
        return True
    number = parse_phone(phone.number)
    return number is not None and phonenumbers.number_type(number) in _MOBILE_TYPES


def _numbers(contact: Contact) -> tuple[str, str]:
    """(the number to call, the number to write to), E.164 or "": a call goes to a mobile
    before a landline; a message to a mobile only."""
    phones = list(contact.phones.all())
    mobiles = [phone for phone in phones if _is_mobile(phone)]
    call = (mobiles or phones)[0].number if phones else ""
    return call, mobiles[0].number if mobiles else ""


def number_to_call(contact: Contact) -> str:
    """The number the Call button dials (E.164), "" when the contact has none."""
    return _numbers(contact)[0]


def action_links(contact: Contact, text: str, subject: str) -> Actions:
    """tel:, sms:, wa.me and mailto: links; messages go to a mobile number only."""
    call, mobile = _numbers(contact)
    emails = list(contact.emails.all())
    body = quote(text, safe="")
    return Actions(
        number=call,
        call=f"tel:{call}" if call else "",
        # "?&body=" is the form both iOS and Android read.
        sms=f"sms:{mobile}?&body={body}" if mobile else "",
        whatsapp=f"https://wa.me/{mobile.lstrip('+')}?text={body}" if mobile else "",
        email=(
            f"mailto:{quote(emails[0].address, safe='@')}"
            f"?subject={quote(subject, safe='')}&body={body}"
            if emails
            else ""
        ),
    )
