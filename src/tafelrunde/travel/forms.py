"""The trip form: a place typed in any common spelling, two dates, a hotel."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tafelrunde.network.forms import DateInput, PlaceField, resolve_place_text
from tafelrunde.network.models import Place
from tafelrunde.owned import Owner
from tafelrunde.travel.models import Trip


class TripForm(forms.ModelForm):
    place = PlaceField(
        label=_("Place"), required=True, help_text=_("A city, e.g. “München” or “Lisbon”.")
    )

    class Meta:
        model = Trip
        fields = ["place", "start", "end", "hotel", "title", "notes"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["place"] = self.instance.place.name

    def clean_place(self) -> Place | None:
        current = self.instance.place if self.instance.pk else None
        return resolve_place_text(self.cleaned_data["place"], current=current)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error(
                "end", ValidationError(_("The trip cannot end before it starts."), code="end")
            )
        return data

    def save_for(self, owner: Owner) -> Trip:
        """Save the trip as the owner's, at the place the form resolved."""
        trip = self.save(commit=False)
        trip.owner = owner
        trip.place = self.cleaned_data["place"]
        trip.save()
        return trip
