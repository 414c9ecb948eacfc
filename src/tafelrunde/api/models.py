"""Personal access tokens for the REST API: only a hash of each secret is kept."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tafelrunde.owned import OwnedModel


class ApiToken(OwnedModel):
    """A token one account made for a script or an app; revoked tokens stay listed."""

    name = models.CharField(_("name"), max_length=100)
    # The first characters of the secret, shown so the owner can tell tokens apart.
    prefix = models.CharField(max_length=12)
    # SHA-256 of the whole secret, hex: a leaked database does not leak usable tokens.
    hashed = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
