"""The owner's profile: who the host is, where home is, which language."""

from django.conf import settings
from django.db import connections, models
from django.utils.translation import gettext_lazy as _

from tafelrunde.owned import Owner


class Language(models.TextChoices):
    GERMAN = "de", "Deutsch"
    ENGLISH = "en", "English"


class PageLanguage(models.TextChoices):
    """The language of the pages and of command output; automatic follows the browser."""

    AUTOMATIC = "", _("As the browser (or terminal) says")
    GERMAN = "de", "Deutsch"
    ENGLISH = "en", "English"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    full_name = models.CharField(
        _("full name"), max_length=200, blank=True, help_text=_("As it appears on receipts.")
    )
    home_place = models.ForeignKey(
        "network.Place",
        verbose_name=_("home place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    home_country = models.CharField(_("home country"), max_length=2, default="DE")
    # The host's language on paper: receipts and calendar entries.
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.GERMAN
    )
    # The language of the pages and of command output; "" follows the browser (the terminal).
    page_language = models.CharField(
        _("language of the pages"),
        max_length=2,
        choices=PageLanguage.choices,
        default=PageLanguage.AUTOMATIC,
        blank=True,
    )
    # The owner's own invitation texts by "language-form" ("de-du", "en-sie", ...);
    # a missing key means the default from tafelrunde.evenings.invitations.
    invitation_templates = models.JSONField(_("invitation texts"), default=dict, blank=True)
    # How often to see people of each relationship kind, in days ({"customer": 90, "friend":
    # null}); a missing kind means the default from tafelrunde.relationships.rhythm, null
    # means never.
    rhythm_by_kind = models.JSONField(_("keeping in touch"), default=dict, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.user.get_username()

    @property
    def display_name(self) -> str:
        return _display_name(self.full_name, self.user)


def page_language_of(user: Owner) -> str:
    """The account's chosen language for pages and commands, "" to follow the browser."""
    chosen = Profile.objects.filter(user=user).values_list("page_language", flat=True).first()
    return chosen or ""


def display_name_of(user: Owner) -> str:
    """Profile.display_name of the user's profile, reading only its full name (in plain SQL:
    Tonight asks for it every time, and the ORM takes longer to write the query than the
    database to answer it)."""
    table = Profile._meta.db_table
    with connections[Profile.objects.db].cursor() as cursor:
        cursor.execute(f"SELECT full_name FROM {table} WHERE user_id = %s", [user.pk])
        row = cursor.fetchone()
    return _display_name(row[0] if row else "", user)


def _display_name(full_name: str, user: Owner) -> str:
    """How the account is named to others: the profile's full name, else the account's."""
    return full_name or user.get_full_name() or user.get_username()


def profile_for(user: Owner) -> Profile:
    """The user's profile, created with defaults on first use."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


class PasswordResetRequest(models.Model):
    """One request for a password-reset mail, kept for an hour to throttle them
    (tafelrunde.accounts.reset_throttle). The address is kept only as a keyed hash."""

    address_key = models.CharField(max_length=64, db_index=True)
    client = models.GenericIPAddressField(null=True, db_index=True)
    requested_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"password reset asked for from {self.client} at {self.requested_at:%Y-%m-%d %H:%M}"
