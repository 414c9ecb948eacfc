"""Starting a round: one evening, two to five guests, each with a personal link and the
invitation in their language and form of address; each invitation a try on the evening."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from tafelrunde.accounts.models import profile_for
from tafelrunde.evenings import invitations
from tafelrunde.evenings.evening import evening_for, evening_place
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.network.models import Contact, Place
from tafelrunde.owned import Owner
from tafelrunde.rounds.links import guest_url, link_of, new_token
from tafelrunde.rounds.models import Invitee, Round
from tafelrunde.tonight.calendar import place_zone
from tafelrunde.tonight.call_list import record_attempt

MAX_GUESTS = 5
SUGGESTED = 3  # "Invite" with nobody ticked asks the first three of the list


class RoundError(ValueError):
    """A round that cannot be started; the message says why, in the user's language."""


@dataclass(frozen=True)
class Sent:
    """One guest of a round as the host sends it: the text with the link, and one-tap links."""

    invitee: Invitee
    url: str
    message: str
    actions: invitations.Actions

    @property
    def contact(self) -> Contact:
        return self.invitee.contact

    def as_json(self) -> dict:
        contact = self.invitee.contact
        return {
            "contact_id": contact.pk,
            "name": contact.full_name,
            "url": self.url,
            "message": self.message,
        }


def evening_end(day: dt.date, place: Place) -> dt.datetime:
    """Midnight after the evening of `day`, in the time zone of its place."""
    after = day + dt.timedelta(days=1)
    return dt.datetime.combine(after, dt.time(0), tzinfo=place_zone(place))


def when_text(round_: Round) -> str:
    return round_.time.strftime("%H:%M") if round_.time else ""


def _day(contact: Contact, evening: Evening, now: dt.datetime) -> str:
    """The evening's day in the guest's language, "" when it is tonight at its place."""
    if evening.date == now.astimezone(place_zone(evening.place)).date():
        return ""
    language = invitations.template_key(contact)[:2]
    with translation.override(language):
        return formats.date_format(evening.date, invitations.DAY_FORMATS[language])


def _actions(contact: Contact, place: Place, message: str) -> invitations.Actions:
    """WhatsApp, SMS and e-mail links that carry the guest's message."""
    subject = invitations.invitation_subject(contact, invitations.city_for(place, contact))
    return invitations.action_links(contact, message, subject)


def default_channel(actions: invitations.Actions) -> str:
    """What the host most likely sends with: WhatsApp or SMS to a mobile, else e-mail."""
    if actions.whatsapp:
        return Attempt.Channel.WHATSAPP
    if actions.email:
        return Attempt.Channel.EMAIL
    return Attempt.Channel.SMS


def start_round(
    owner: Owner,
    contacts: list[Contact],
    *,
    day: dt.date,
    place: Place | None = None,
    time: dt.time | None = None,
    restaurant: str = "",
    now: dt.datetime | None = None,
) -> tuple[Round, list[Sent]]:
    """A new open round on the evening of `day`; raises RoundError (or evening_for's errors:
    NoTripError, EveningElsewhereError) when it cannot be."""
    now = now or timezone.now()
    unique = list({contact.pk: contact for contact in contacts}.values())
    if not unique:
        raise RoundError(_("Choose whom to invite."))
    if len(unique) > MAX_GUESTS:
        message = _("A round asks at most %(count)s people at once.")
        raise RoundError(message % {"count": MAX_GUESTS})
    if any(contact.owner_id != owner.pk for contact in unique):
        raise RoundError(_("That contact belongs to another account."))
    where = place or evening_place(owner, day)
    if where is not None and evening_end(day, where) <= now:
        raise RoundError(_("That evening is over."))  # before an evening is begun for it
    evening = evening_for(owner, day, place)
    expires_at = evening_end(evening.date, evening.place)
    _refuse_second_table(owner, evening, now)
    host = invitations.Host.of(profile_for(owner))
    when = time.strftime("%H:%M") if time else ""
    restaurant = restaurant.strip()[:200]
    sent = []
    try:
        with transaction.atomic():
            round_ = Round.objects.create(
                owner=owner,
                evening=evening,
                time=time,
                restaurant=restaurant,
                expires_at=expires_at,
                created_at=now,
            )
            for contact in unique:
                token, hashed, sealed = new_token()
                url = guest_url(token)
                message = invitations.round_message(
                    contact, evening.place, host, when, restaurant, url, _day(contact, evening, now)
                )
                actions = _actions(contact, evening.place, message)
                attempt = record_attempt(
                    owner,
                    contact,
                    Attempt.Outcome.NO_ANSWER,
                    day=evening.date,
                    place=evening.place,
                    channel=default_channel(actions),
                    at=now,
                )
                invitee = Invitee.objects.create(
                    owner=owner,
                    round=round_,
                    contact=contact,
                    attempt=attempt,
                    token_hash=hashed,
                    token_sealed=sealed,
                    message=message,
                )
                sent.append(Sent(invitee, url, message, actions))
    except IntegrityError:  # another round was opened on this evening meanwhile
        raise RoundError(_("A round is already open tonight: withdraw it first.")) from None
    return round_, sent


def _refuse_second_table(owner: Owner, evening: Evening, now: dt.datetime) -> None:
    """One table a night: no round while one is open, or after someone said yes."""
    open_round = Round.objects.owned_by(owner).filter(evening=evening, status=Round.Status.OPEN)
    if open_round.exists():
        raise RoundError(_("A round is already open tonight: withdraw it first."))
    accepted = Attempt.objects.owned_by(owner).filter(
        evening=evening, outcome=Attempt.Outcome.ACCEPTED
    )
    first = accepted.select_related("contact").first()
    if first is not None:
        message = _("%(name)s already said yes tonight.")
        raise RoundError(message % {"name": first.contact.full_name})


def sent_again(round_: Round) -> list[Sent]:
    """The round's guests with their texts and links, to send (again) from Tonight."""
    rows = []
    invitees = round_.invitees.select_related("contact").prefetch_related(
        "contact__phones", "contact__emails"
    )
    for invitee in invitees:
        contact = invitee.contact
        url = link_of(invitee)  # "" when the key to open it was lost: nothing to send
        message = invitee.message if url else ""
        actions = _actions(contact, round_.evening.place, message) if url else None
        rows.append(Sent(invitee, url, message, actions or invitations.Actions()))
    return rows
