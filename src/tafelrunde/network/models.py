"""Contacts in the owner's network, their phones, e-mails and addresses, and places."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tafelrunde.owned import OwnedChild, OwnedModel


class Place(models.Model):
    """A city or town from the offline gazetteer; shared reference data, not user data."""

    geonameid = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2)
    admin1 = models.CharField(max_length=20, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    timezone = models.CharField(max_length=64)
    population = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    def name_in(self, language: str) -> str:
        """The name as a speaker of `language` writes it: "München" for German speakers."""
        from tafelrunde.core.place_names import name_in

        return name_in(self.name, language)

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "country": self.country,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "timezone": self.timezone,
        }


class Kind(models.TextChoices):
    """What the person is to the owner."""

    CUSTOMER = "customer", _("customer")
    PROSPECT = "prospect", _("prospect")
    SUPPLIER = "supplier", _("supplier")
    PARTNER = "partner", _("partner")
    COLLEAGUE = "colleague", _("colleague")
    FRIEND = "friend", _("friend")
    SCHOOL_FRIEND = "school_friend", _("school friend")
    SOCIAL_NETWORK = "social_network", _("social network")
    OTHER = "other", _("other")


class AddressForm(models.TextChoices):
    DU = "du", _("informal (du)")
    SIE = "sie", _("formal (Sie)")


class Salutation(models.TextChoices):
    """Herr or Frau, kept apart from the language: invitations write it in theirs."""

    NONE = "", _("none")
    MR = "mr", _("Mr")
    MS = "ms", _("Ms")


class NameOrigin(models.TextChoices):
    """Where a contact's name came from, when the file that brought it gave none."""

    GIVEN = "", _("as given")
    ORGANISATION = "organisation", _("the organisation")
    EMAIL = "email", _("the e-mail address")


class LocationSource(models.TextChoices):
    ADDRESS = "address", _("address")
    PHONE = "phone", _("phone area code")
    MEAL = "meal", _("a meal together")
    MANUAL = "manual", _("set by hand")


class Contact(OwnedModel):
    salutation = models.CharField(
        _("salutation"), max_length=2, choices=Salutation.choices, blank=True, default=""
    )
    title = models.CharField(_("title"), max_length=50, blank=True)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    full_name = models.CharField(_("full name"), max_length=250)
    # Set when the file gave no name at all and full_name stands in for one (see
    # tafelrunde.core.display_names); a real name replaces it and clears the mark.
    name_taken_from = models.CharField(
        max_length=12, choices=NameOrigin.choices, blank=True, default=""
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    kinds = models.JSONField(_("relationship"), default=list, blank=True)
    importance = models.PositiveSmallIntegerField(
        _("importance"), default=3, help_text=_("1 (low) to 5 (high)")
    )
    language = models.CharField(_("language"), max_length=2, default="de")
    address_form = models.CharField(
        _("form of address"), max_length=3, choices=AddressForm.choices, default=AddressForm.SIE
    )
    known_since = models.DateField(_("known since"), null=True, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    do_not_invite = models.BooleanField(_("do not invite"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    # How often the owner wants to see this person; None: as for their relationship kinds
    # (see tafelrunde.relationships.rhythm).
    rhythm_days = models.PositiveSmallIntegerField(
        _("see them every … days"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    # Name and organisation folded for umlauts, accents and case: "muller" finds "Müller".
    search_key = models.CharField(max_length=500, blank=True, editable=False)
    # Recognising the same person across sources: see tafelrunde.core.names.
    name_key = models.CharField(max_length=250, blank=True, editable=False)
    organisation_key = models.CharField(max_length=200, blank=True, editable=False)

    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Copied from the place so the call list's bounding box is one indexed range query.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    location_source = models.CharField(max_length=10, choices=LocationSource.choices, blank=True)
    location_confidence = models.FloatField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name", "full_name"]
        indexes = [
            # The box of a place, by owner. On PostgreSQL it also holds what the call list and
            # a team's Tonight (tafelrunde.teams.colleagues) read of the contacts there, so
            # that the box is read from the index alone; SQLite ignores include.
            models.Index(
                fields=["owner", "latitude", "longitude"],
                include=[
                    "id",
                    "place",
                    "kinds",
                    "name_key",
                    "organisation_key",
                    "known_since",
                    "do_not_invite",
                    "importance",
                ],
                name="contact_owner_latlon_cover",
            ),
            models.Index(fields=["owner", "family_name"], name="contact_owner_family"),
            models.Index(fields=["owner", "name_key"], name="contact_owner_name_key"),
            # A team matches a person across its members' networks (tafelrunde.teams): by
            # key first, so that 50 members cost one probe per name, not one per member.
            # It holds what a team's Tonight reads of the same people elsewhere near the place.
            models.Index(
                fields=["name_key", "organisation_key"],
                include=[
                    "id",
                    "owner",
                    "latitude",
                    "longitude",
                    "place",
                    "kinds",
                    "known_since",
                    "do_not_invite",
                ],
                name="contact_name_org_key_cover",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(importance__gte=1, importance__lte=5),
                name="contact_importance_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_keys()
        super().save(*args, **kwargs)

    def refresh_keys(self) -> None:
        """Recompute the folded keys; bulk_create callers must call this themselves."""
        from tafelrunde.core.names import organisation_key, person_key
        from tafelrunde.core.text import fold

        if not self.full_name:  # composed; title and names at their longest make 252 characters
            parts = (self.title, self.given_name, self.family_name)
            self.full_name = " ".join(part for part in parts if part)[:250]
        # Folding can lengthen text (CJK, emoji): the key is cut to its column.
        self.search_key = fold(f"{self.full_name} {self.organisation}")[:500]
        self.name_key = person_key(self.given_name, self.family_name, self.full_name)
        if self.name_taken_from:  # a stand-in name says nothing about who it is: no namesakes
            self.name_key = ""
        self.organisation_key = organisation_key(self.organisation)

    def give_stand_in_name(self, emails: Iterable[str]) -> None:
        """A contact without any name is called after its organisation, else its first
        e-mail address, and marked so; one with a name is left as it is."""
        from tafelrunde.core.display_names import stand_in_name

        if not (self.full_name or self.given_name or self.family_name):
            self.full_name, self.name_taken_from = stand_in_name(self.organisation, emails)
            self.full_name = self.full_name[:250]

    def take_real_name(self, full_name: str) -> bool:
        """A stand-in name gives way once a record brings a real one (its full name, else
        the contact's given and family names); True when it did."""
        if not self.name_taken_from or not (full_name or self.given_name or self.family_name):
            return False
        self.full_name, self.name_taken_from = full_name[:250], ""  # "": composed on save
        return True

    def set_location(self, place: Place | None, source: str = "", confidence: float | None = None):
        """Point the contact at a place (or at none), keeping how it was found."""
        self.place = place
        self.latitude = place.latitude if place else None
        self.longitude = place.longitude if place else None
        self.location_source = source if place else ""
        self.location_confidence = confidence if place else None

    @property
    def location_is_approximate(self) -> bool:
        """True when the hints about where the contact is disagree, or say little."""
        from tafelrunde.core.locate import APPROXIMATE_BELOW

        confidence = self.location_confidence
        return bool(self.place_id) and confidence is not None and confidence < APPROXIMATE_BELOW

    def location_json(self) -> dict | None:
        """Where the contact is, how that was found and how sure it is, or None."""
        if self.place is None:
            return None
        return {
            "name": self.place.name,
            "country": self.place.country,
            "source": self.location_source,
            "confidence": self.location_confidence,
            "approximate": self.location_is_approximate,
        }

    def kind_labels(self) -> list[str]:
        labels = dict(Kind.choices)
        return [str(labels.get(kind, kind)) for kind in self.kinds]


class Phone(OwnedChild):
    class Type(models.TextChoices):
        MOBILE = "mobile", _("mobile")
        WORK = "work", _("work")
        HOME = "home", _("home")
        OTHER = "other", _("other")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("number"), max_length=32, help_text=_("E.164, e.g. +4935148642222"))
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.OTHER)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["owner", "number"], name="phone_owner_number"),
            # The same number in colleagues' networks (tafelrunde.teams): number first.
            models.Index(fields=["number", "owner"], name="phone_number_owner"),
        ]

    def __str__(self) -> str:
        return self.number


class Email(OwnedChild):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField(_("e-mail"), max_length=254)
    type = models.CharField(max_length=10, default="other")

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["owner", "address"], name="email_owner_address"),
            # The same address in colleagues' networks (tafelrunde.teams): address first.
            models.Index(fields=["address", "owner"], name="email_address_owner"),
        ]

    def __str__(self) -> str:
        return self.address


class Address(OwnedChild):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="addresses")
    type = models.CharField(max_length=10, default="other")
    street = models.CharField(_("street"), max_length=250, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=120, blank=True)
    freetext = models.TextField(_("address as written"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        parts = [self.street, " ".join(p for p in (self.postal_code, self.city) if p), self.country]
        return ", ".join(p for p in parts if p) or self.freetext


class ContactSource(OwnedChild):
    """Where a contact came from: an import file, typed in by hand, or the demo."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=20)
    label = models.CharField(max_length=250, blank=True)
    external_id = models.CharField(max_length=250, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        indexes = [
            models.Index(fields=["owner", "kind", "external_id"], name="source_owner_kind_id")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.label}" if self.label else self.kind


class NamesakeGroup(OwnedModel):
    """Contacts who share a folded name and nothing else: one person or several? The owner
    merges the group into one contact or keeps its members apart (see network.namesakes)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        KEPT_APART = "apart", _("kept apart")

    name_key = models.CharField(max_length=250)  # Contact.name_key the members share
    name = models.CharField(max_length=250)  # as shown: "3 contacts named Thomas Müller"
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name_key"], name="one_group_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class NamesakeMember(OwnedChild):
    """One contact in a namesake group; a contact is in at most one (its name decides)."""

    parent_field = "group"

    group = models.ForeignKey(NamesakeGroup, on_delete=models.CASCADE, related_name="members")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["contact"], name="one_group_per_contact")]

    def __str__(self) -> str:
        return f"{self.contact_id} in {self.group_id}"
