"""Forms of the Tonight page: where and when, an attempt's outcome, the dinner, the texts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tafelrunde.evenings import invitations
from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import Meal
from tafelrunde.network.forms import DateInput, PlaceField, resolve_place_text
from tafelrunde.network.models import Place
from tafelrunde.tonight.dinner import plan_dinner


class EveningForm(forms.Form):
    """Another place or evening: `?place=…&date=…`."""

    place = PlaceField(
        label=_("Where are you tonight?"),
        help_text=_("A city in any spelling, e.g. “München”, “Muenchen” or “Munich”."),
    )
    date = forms.DateField(label=_("Evening"), required=False, widget=DateInput)

    def clean_place(self) -> Place | None:
        """The place the text means; None when blank (the trip's place, if there is one)."""
        return resolve_place_text(self.cleaned_data["place"])


class OutcomeForm(forms.Form):
    """One tap after a call: how it went, on which evening."""

    contact = forms.IntegerField()
    outcome = forms.ChoiceField(choices=Attempt.Outcome.choices)
    channel = forms.ChoiceField(choices=Attempt.Channel.choices, required=False)
    date = forms.DateField(required=False)
    place = PlaceField()
    client_id = forms.UUIDField(required=False)  # made by the phone for a queued tap


class DinnerForm(forms.Form):
    """After a yes: when and where; saving plans a business meal with the guest."""

    time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    restaurant = forms.CharField(label=_("Restaurant"), max_length=200, required=False)
    restaurant_address = forms.CharField(
        label=_("Restaurant address"), max_length=300, required=False
    )

    @staticmethod
    def initial_for(meal: Meal | None) -> dict:
        if meal is None:
            return {}
        fields = ("time", "restaurant", "restaurant_address")
        return {field: getattr(meal, field) for field in fields}

    def save_for(self, attempt: Attempt, meal: Meal | None = None) -> Meal:
        """Plan (or update) the dinner on the attempt's evening, with its contact as the guest."""
        data = self.cleaned_data
        return plan_dinner(
            attempt,
            time=data["time"],
            restaurant=data["restaurant"],
            restaurant_address=data["restaurant_address"],
            meal=meal,
        )


TEMPLATE_LABELS = {
    "de-du": _("German, informal (du)"),
    "de-sie": _("German, formal (Sie)"),
    "en-du": _("English, informal"),
    "en-sie": _("English, formal"),
}


class InvitationTemplatesForm(forms.Form):
    """The owner's four invitation texts; an emptied field goes back to the default."""

    def __init__(self, *args, templates: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        templates = templates or {}
        for key in invitations.TEMPLATE_KEYS:
            self.fields[key] = forms.CharField(
                label=TEMPLATE_LABELS[key],
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=templates.get(key) or invitations.DEFAULT_INVITATIONS[key],
            )

    def clean(self):
        cleaned = super().clean()
        for key in invitations.TEMPLATE_KEYS:
            text = (cleaned.get(key) or "").strip()
            try:
                unknown = invitations.unknown_placeholders(text)
            except ValueError:
                self.add_error(key, _("A curly brace is not closed or not opened."))
                continue
            if unknown:
                self.add_error(
                    key,
                    _(
                        "Unknown placeholder: %(names)s. "
                        "Use {greeting}, {name}, {given_name}, {city}, {host}."
                    )
                    % {"names": ", ".join(unknown)},
                )
        return cleaned

    def templates(self) -> dict[str, str]:
        """Only the texts that differ from the defaults, so better defaults reach everyone."""
        chosen = {}
        for key in invitations.TEMPLATE_KEYS:
            text = self.cleaned_data[key].strip()
            if text and text != invitations.DEFAULT_INVITATIONS[key]:
                chosen[key] = text
        return chosen
