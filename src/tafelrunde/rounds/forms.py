"""The host's form that starts a round, and the guest's form that answers it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tafelrunde.network.forms import PlaceField
from tafelrunde.rounds.answers import ANSWERS, MAX_MESSAGE
from tafelrunde.rounds.sending import MAX_GUESTS, SUGGESTED


class ContactIds(forms.Field):
    """Contact ids from checkboxes (or hidden fields): many values of one name."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        values = value or []
        if len(values) > 50:
            raise forms.ValidationError(_("Choose people from the list."))
        try:
            return list(dict.fromkeys(int(item) for item in values))
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Choose people from the list.")) from None


class RoundForm(forms.Form):
    """Tonight's "Invite": the ticked people, or the suggested first three when none is."""

    contact = ContactIds(required=False)
    suggested = ContactIds(required=False)
    date = forms.DateField(required=False)
    place = PlaceField(required=False)
    time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    restaurant = forms.CharField(
        label=_("Restaurant"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for “to be decided”."),
    )

    def clean(self):
        cleaned = super().clean()
        if len(cleaned.get("contact") or []) > MAX_GUESTS:
            raise forms.ValidationError(
                _("A round asks at most %(count)s people at once.") % {"count": MAX_GUESTS}
            )
        return cleaned

    def guest_ids(self) -> list[int]:
        """The ticked people, else the first three suggested."""
        return self.cleaned_data["contact"] or self.cleaned_data["suggested"][:SUGGESTED]


class AnswerForm(forms.Form):
    """The guest's answer: yes, no or another time, and a short message."""

    answer = forms.ChoiceField(choices=[(key, key) for key in ANSWERS])
    message = forms.CharField(
        label=_("A short message (optional)"),
        max_length=MAX_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_MESSAGE}),
    )
