"""Forms of the team pages: a new team, an invitation, a member's role, what a member shares.

They only check the shape of what was typed; the team's rules (who may invite whom, the last
owner) stay in tafelrunde.teams.membership, which says no with a TeamError.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tafelrunde.network.models import Kind
from tafelrunde.teams.models import Membership, Team


class TeamForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the team"),
        max_length=Team._meta.get_field("name").max_length,
        help_text=_("For example “Vertrieb Ost” or “Geschäftsführung”."),
    )


class InvitationForm(forms.Form):
    """An invitation link, mailed too when an address is given."""

    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Leave it empty to get a link to pass on yourself."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial="member", required=False
    )

    def __init__(self, *args, may_name_owners: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_name_owners:  # an admin invites members and admins
            field = self.fields["role"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [c for c in Membership.Role.choices if c[0] != Membership.Role.OWNER]

    def clean_role(self) -> str:
        return self.cleaned_data["role"] or Membership.Role.MEMBER


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class SharingForm(forms.Form):
    """What the member lets the team see, besides contacts shared one by one."""

    share_all = forms.BooleanField(label=_("All my contacts"), required=False)
    kinds = forms.MultipleChoiceField(
        label=_("My contacts of these kinds"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trips = forms.BooleanField(
        label=_("My trips"),
        required=False,
        help_text=_("Colleagues see where you are on which evening."),
    )
    phones = forms.BooleanField(
        label=_("The phone numbers of the contacts I share"), required=False
    )

    @staticmethod
    def initial_for(membership: Membership) -> dict:
        return {
            "share_all": membership.share_all,
            "kinds": list(membership.share_kinds or ()),
            "trips": membership.share_trips,
            "phones": membership.share_phones,
        }


class ShareContactForm(forms.Form):
    """The contact page's toggle: share this contact with one team, or stop."""

    team = forms.IntegerField()
    undo = forms.BooleanField(required=False)
