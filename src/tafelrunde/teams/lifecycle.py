"""Teams when an account goes: a team keeps an owner, and one left empty goes too.

Erasing an account (tafelrunde.exchange.erase_account) deletes it with everything linked to
it, its memberships included; that app sits below this one and cannot know teams. So the
rule is here, on the signal Django sends before it deletes any account (the erase page, the
admin site, a command alike): where the account is a team's only owner and others remain,
the longest-standing admin becomes owner, else the longest-standing member; a team it was
the last member of is deleted.
"""

from __future__ import annotations

from django.db import transaction

from tafelrunde.owned import Owner
from tafelrunde.teams.models import Membership, Team

Role = Membership.Role


def hand_over_teams(user: Owner) -> None:
    """Keep every team of the account whole without it (see the module's docstring)."""
    with transaction.atomic():
        for membership in Membership.objects.filter(user=user).select_related("team"):
            others = Membership.objects.select_for_update().filter(team_id=membership.team_id)
            others = others.exclude(user=user).order_by("joined_at", "id")
            if not others.exists():
                Team.objects.filter(pk=membership.team_id).delete()
                continue
            if others.filter(role=Role.OWNER).exists():
                continue
            heir = others.filter(role=Role.ADMIN).first() or others.first()
            if heir is not None:
                Membership.objects.filter(pk=heir.pk).update(role=Role.OWNER)


def on_account_deleted(sender, instance, **kwargs) -> None:
    """pre_delete of the user model: hand the account's teams over before it goes."""
    if instance.pk is not None:
        hand_over_teams(instance)
