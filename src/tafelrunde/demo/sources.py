"""The demo's one source: a travel calendar feed that synced this morning. It is never due
(no next run), so the demo reaches no server; its page shows what a real sync shows."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tafelrunde.owned import Owner
from tafelrunde.sync.models import Collection, Source


def build_example_source(owner: Owner, trips: int) -> Source:
    source = Source(owner=owner, kind=Source.Kind.ICS, name="TripIt")
    source.set_url("https://www.tripit.com/feed/ical/private/DEMO-0000-0000/tripit.ics")
    synced = timezone.now() - dt.timedelta(hours=2)
    source.last_attempt_at = synced
    source.last_success_at = synced
    source.last_counts = {"created": trips, "updated": 1, "unchanged": 0, "removed": 0}
    source.next_run_at = None
    source.save()
    Collection.objects.create(source=source, href="", name="")
    return source
