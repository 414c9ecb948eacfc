from django import forms
from django.utils.translation import gettext_lazy as _

from tafelrunde.reminders.models import ReminderSettings

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class ReminderSettingsForm(forms.ModelForm):
    """Settings → Reminders: each kind on or off, and when."""

    digest_days_before = forms.IntegerField(
        label=_("Days before the trip"), min_value=0, max_value=14
    )
    weekly_day = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)

    class Meta:
        model = ReminderSettings
        fields = [
            "trip_digest",
            "digest_days_before",
            "nudge",
            "nudge_time",
            "weekly",
            "weekly_day",
            "weekly_time",
            "round_answers",
        ]
        widgets = {
            "nudge_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "weekly_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
