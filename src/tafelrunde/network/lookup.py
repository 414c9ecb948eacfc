"""One contact from what a person types: an id ("12", "#12") or a name in any spelling."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tafelrunde.columns import max_length
from tafelrunde.core.names import person_key
from tafelrunde.core.text import fold
from tafelrunde.formatting import place_known_as
from tafelrunde.network.models import Contact
from tafelrunde.owned import Owner

MATCHES_LISTED = 10


class ContactLookupError(ValueError):
    """The text names no contact, or several; `matches` holds the several (at most 11)."""

    def __init__(self, message: str, text: str, matches: list[Contact] | None = None):
        super().__init__(message)
        self.text = text
        self.matches = matches or []


def find_contact(owner: Owner, text: str) -> Contact:
    """The owner's one contact that `text` means; ContactLookupError (one line) otherwise."""
    contacts = Contact.objects.owned_by(owner)
    number = text.strip().removeprefix("#")
    if number.isdigit():
        try:
            return contacts.get(pk=int(number))
        except Contact.DoesNotExist:
            message = _("You have no contact #%(number)s.") % {"number": number}
            raise ContactLookupError(message, text) from None
    words = fold(text).split()
    if not words:
        raise ContactLookupError(_("Name a contact, or give its id."), text)
    found = list(contacts.filter(name_key=person_key(full=text))[: MATCHES_LISTED + 1])
    # SQLite refuses a LIKE pattern longer than the column
    if not found and max(map(len, words)) <= SEARCH_KEY_LENGTH:
        for word in words:
            contacts = contacts.filter(search_key__contains=word)
        found = list(contacts[: MATCHES_LISTED + 1])
    if len(found) == 1:
        return found[0]
    if not found:
        raise ContactLookupError(_("No contact matches %(text)r.") % {"text": text}, text)
    listed = ", ".join(describe(contact) for contact in found[:MATCHES_LISTED])
    if len(found) > MATCHES_LISTED:
        message = _("Several contacts match %(text)r: %(listed)s and more.")
    else:
        message = _("Several contacts match %(text)r: %(listed)s.")
    raise ContactLookupError(message % {"text": text, "listed": listed}, text, found)


def describe(contact: Contact) -> str:
    """A contact told apart from namesakes: "Jörg Müller (#12, Müller GmbH)"."""
    details = ", ".join(part for part in (f"#{contact.pk}", contact.organisation) if part)
    return f"{contact.full_name} ({details})"


SEARCH_KEY_LENGTH = max_length(Contact, "search_key")


def search_contacts(contacts: QuerySet[Contact], query: str) -> QuerySet[Contact]:
    """Contacts matching every word of `query` in name, organisation or place.

    Names and organisations are compared folded, so "muller" finds "Jörg Müller".
    """
    match = search_match(query)
    return contacts.none() if match is None else contacts.filter(match)


def search_match(query: str) -> Q | None:
    """The condition of `search_contacts` (for a contact's own columns and its place), None
    when the query can match nobody."""
    match = Q()
    # PostgreSQL refuses a NUL in any text, also in a search ("?q=a%00b" was a server error).
    for word in query.replace("\x00", " ").split():
        folded = fold(word)
        if not folded:  # punctuation alone would match everyone
            continue
        if max(len(word), len(folded)) > SEARCH_KEY_LENGTH:
            return None  # longer than any name; SQLite refuses such a LIKE pattern
        either = (
            Q(search_key__contains=folded)
            | Q(place__name__icontains=word)
            | Q(place__name__icontains=folded)
        )
        if known_as := place_known_as(word):  # "München": the place is stored as "Munich"
            either |= Q(place__name=known_as)
        match &= either
    return match
