from django import forms
from django.utils.translation import gettext_lazy as _

from tafelrunde.accounts.forms import ConfirmWithPasswordForm
from tafelrunde.api.models import ApiToken
from tafelrunde.columns import max_length


class TokenForm(ConfirmWithPasswordForm):
    """A name for the new token, and the password again: a borrowed session cannot mint one."""

    name = forms.CharField(
        label=_("Name"),
        max_length=max_length(ApiToken, "name"),
        help_text=_("What the token is for, e.g. “laptop script” or “phone shortcut”."),
    )
    field_order = ["name", "password"]
