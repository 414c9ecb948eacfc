"""Ownership: every row of user data belongs to one account, and is only reachable through it."""

from __future__ import annotations

from typing import Any, Self, TypeAlias

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.http import Http404, HttpRequest

# The account a row belongs to: Django's own User (settings.AUTH_USER_MODEL is not swapped).
Owner: TypeAlias = User


class OwnerRequest(HttpRequest):
    """A request to a page that needs a login (all but those marked login_not_required):
    LoginRequiredMiddleware has already turned the anonymous away, so its user is an account."""

    user: Owner


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user: Owner) -> Self:
        return self.filter(owner_id=user.pk)

    def get_or_404(self, pk: int | str | None) -> Any:
        """The row with this id among these; otherwise 404, as if it did not exist.

        After owned_by(user) this is the one ownership check of pages, API and commands:
        another account's row and a row that never was look the same.
        """
        try:
            return self.get(pk=int(pk))  # type: ignore[arg-type]  # None: TypeError, a 404
        except (self.model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404(f"No {self.model._meta.verbose_name} with id {pk}.") from exc


class OwnedModel(models.Model):
    """A row of one account's data."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class OwnedChild(OwnedModel):
    """A row that hangs off another owned row; it always shares its parent's owner."""

    parent_field = "contact"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        parent_owner = getattr(self, self.parent_field).owner_id
        if self.owner_id is None:
            self.owner_id = parent_owner
        elif self.owner_id != parent_owner:
            raise ValueError(f"{type(self).__name__} cannot belong to another account's row.")
        super().save(*args, **kwargs)
