"""The forms of a relationship: a note or fact, a follow-up, the rhythms of keeping in touch."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from tafelrunde.meals.models import FollowUp, Note
from tafelrunde.network.forms import DateInput
from tafelrunde.network.models import Kind
from tafelrunde.relationships import rhythm


class NoteForm(forms.Form):
    """A note or personal fact; which one is the button pressed."""

    text = forms.CharField(
        label=gettext_lazy("What you learned"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(choices=Note.Kind.choices, required=False)
    # Made by the page's script for each note, so a note sent twice is recorded once.
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or Note.Kind.NOTE


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["text", "due"]
        labels = {"text": gettext_lazy("What you will do"), "due": gettext_lazy("By when")}
        widgets = {"due": DateInput()}


class RhythmForm(forms.Form):
    """Days between meetings for each relationship kind; empty: no rhythm."""

    def __init__(self, *args, rhythms: dict[str, int | None], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=rhythm.MAX_RHYTHM_DAYS,
                initial=rhythms.get(kind),
            )

    def rhythms(self) -> dict[str, int | None]:
        return {kind: self.cleaned_data[kind] for kind in Kind.values}
