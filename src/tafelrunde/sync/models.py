"""A source (an account on a CardDAV or CalDAV server, or a feed), the collections the user
picked there, and one row per card or event seen, linked to the contact or trip it became."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tafelrunde.owned import OwnedChild, OwnedModel


class Source(OwnedModel):
    class Kind(models.TextChoices):
        CARDDAV = "carddav", _("Address book (CardDAV)")
        CALDAV = "caldav", _("Calendar (CalDAV)")
        ICS = "ics", _("Calendar feed (.ics)")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    # The address as given, sealed (a feed's address often holds its token), and a form of it
    # safe to show: scheme and host, without user, path secrets or query.
    url_sealed = models.TextField()
    url_shown = models.CharField(max_length=300)
    username = models.CharField(_("user name"), max_length=250, blank=True)
    password_sealed = models.TextField(blank=True)
    interval_minutes = models.PositiveIntegerField(default=60)

    # The schedule, kept in the database so that a restart loses nothing.
    next_run_at = models.DateTimeField(null=True, blank=True)
    # The lock: which worker syncs the source, until when. A crashed worker's lock runs out.
    locked_by = models.CharField(max_length=64, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)  # in a row, for the backoff

    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_counts = models.JSONField(default=dict, blank=True)  # created, updated, unchanged, …
    last_error = models.TextField(blank=True)  # English template, translated where shown
    last_error_params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["next_run_at"], name="source_next_run")]

    def __str__(self) -> str:
        return self.name

    def url(self) -> str:
        """The address as given (unsealed; never shown, logged or exported)."""
        from tafelrunde.sync.secret_box import unseal

        return unseal(self.url_sealed)

    def password(self) -> str:
        from tafelrunde.sync.secret_box import unseal

        return unseal(self.password_sealed)

    def set_url(self, url: str) -> None:
        from tafelrunde.sync.secret_box import seal

        self.url_sealed = seal(url)
        self.url_shown = shown_url(url)

    def set_password(self, password: str) -> None:
        from tafelrunde.sync.secret_box import seal

        self.password_sealed = seal(password)


class Collection(OwnedChild):
    """An address book or calendar on the server (a feed is one collection, href "")."""

    parent_field = "source"
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="collections")
    href = models.CharField(max_length=1000, blank=True)
    name = models.CharField(max_length=250, blank=True)
    # Found on the server, but synced only when the user chose it.
    chosen = models.BooleanField(default=True)
    sync_token = models.TextField(blank=True)  # RFC 6578, when the server offers it
    ctag = models.CharField(max_length=250, blank=True)  # the collection's own tag
    etag = models.CharField(max_length=250, blank=True)  # a feed's ETag …
    last_modified = models.CharField(max_length=100, blank=True)  # … and Last-Modified

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "href"], name="collection_unique_href")
        ]

    def __str__(self) -> str:
        return self.name or self.href


class Item(OwnedChild):
    """One card or event as the source last gave it, and what it became here."""

    parent_field = "collection"
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    href = models.CharField(max_length=1000)
    etag = models.CharField(max_length=250, blank=True)
    uid = models.CharField(max_length=255, blank=True)
    contact = models.ForeignKey(
        "network.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trip = models.ForeignKey(
        "travel.Trip", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The values this source last wrote into the contact or trip: a later change at the
    # source updates a field only while it still holds what the source wrote.
    applied = models.JSONField(default=dict, blank=True)
    # The source's newest values where they differ from a field the user edited by hand.
    offered = models.JSONField(default=dict, blank=True)
    # Deleted or cancelled at the source; what it became here stays until the user decides.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "href"], name="item_unique_href")
        ]
        indexes = [
            models.Index(fields=["contact"], name="item_contact"),
            models.Index(fields=["trip"], name="item_trip"),
        ]

    def __str__(self) -> str:
        return self.href


def shown_url(url: str) -> str:
    """An address as pages may show it: scheme, host and the path's first part, nothing
    that could be a token ("https://calendar.example.com/…")."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "…"
    if not host:
        return "…"
    rest = "/…" if (parts.path.strip("/") or parts.query) else "/"
    return f"{parts.scheme}://{host}{port}{rest}"[:300]
