"""Teams, their members, and what each member chose to share with a team.

A team owns nothing of anyone's network. A member's contacts stay theirs (network.Contact);
a membership only records what its member lets the team see: all contacts, contacts of some
kinds, chosen contacts one by one (SharedContact), their trips, their phone numbers. Leaving
or being removed deletes the membership, and with it every share, at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        ADMIN = "admin", _("admin")
        MEMBER = "member", _("member")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    # What the member shares with this team (besides SharedContact rows, one by one).
    share_all = models.BooleanField(_("all my contacts"), default=False)
    share_kinds = models.JSONField(_("my contacts of these kinds"), default=list, blank=True)
    share_trips = models.BooleanField(_("my trips"), default=False)
    share_phones = models.BooleanField(_("the phone numbers of what I share"), default=False)

    class Meta:
        ordering = ["team", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"

    @property
    def manages(self) -> bool:
        """Whether this member may add and remove members and send invitations."""
        return self.role in (self.Role.OWNER, self.Role.ADMIN)

    def shares_anything(self) -> bool:
        return self.share_all or bool(self.share_kinds)


class SharedContact(models.Model):
    """One contact its owner shares with one team, chosen by hand."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="shared")
    contact = models.ForeignKey(
        "network.Contact", on_delete=models.CASCADE, related_name="team_shares"
    )
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "contact"], name="share_contact_once")
        ]

    def __str__(self) -> str:
        return f"contact {self.contact_id} shared by membership {self.membership_id}"


class TeamInvitation(models.Model):
    """A link (and perhaps a mail) to join a team: found by its token's SHA-256, used once."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(max_length=10, choices=Membership.Role.choices, default="member")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"invitation to {self.team_id}"

    def is_open(self, now=None) -> bool:
        return self.used_at is None and (now or timezone.now()) < self.expires_at
