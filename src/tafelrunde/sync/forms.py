from django import forms
from django.utils.translation import gettext_lazy as _

from tafelrunde.sync.models import Source


class SourceForm(forms.Form):
    """A new source: an address book (server, or just the e-mail domain) or a calendar feed."""

    kind = forms.ChoiceField(
        label=_("What"),
        choices=[
            (Source.Kind.CARDDAV, _("Address book (CardDAV)")),
            (Source.Kind.ICS, _("Calendar feed (.ics)")),
        ],
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=2000,
        help_text=_(
            "An address book: the server's address, or just the domain of your e-mail address "
            "(e.g. fastmail.com). A calendar: the feed's https:// address."
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
