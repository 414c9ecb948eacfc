from django import forms
from django.utils.translation import gettext_lazy as _

from tafelrunde.sync.models import Source


class SourceForm(forms.Form):
    """A new source: an address book or CalDAV calendar (server, or just the e-mail domain)
    or a calendar feed."""

    kind = forms.ChoiceField(
        label=_("What"),
        choices=Source.Kind.choices,
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=2000,
        help_text=_(
            "An address book or CalDAV calendar: the server's address, or just the domain of "
            "your e-mail address (e.g. fastmail.com). A calendar feed: its https:// address."
        ),
    )
    username = forms.CharField(label=_("User name"), max_length=250, required=False)
    password = forms.CharField(
        label=_("App password"),
        max_length=1000,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted and never shown again."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)


class ChooseForm(forms.Form):
    """Which of a source's address books or calendars to follow."""

    chosen = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one.")},
    )

    def __init__(self, source: Source, *args, **kwargs):
        super().__init__(*args, **kwargs)
        collections = list(source.collections.all())
        field = self.fields["chosen"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(c.pk, c.name or c.href) for c in collections]
        field.label = (
            _("Address books to follow")
            if source.kind == Source.Kind.CARDDAV
            else _("Calendars to follow")
        )
        waiting = all(not c.chosen for c in collections)
        self.initial["chosen"] = [c.pk for c in collections if c.chosen or waiting]
