"""Background syncs: the schedule and the lock in the database, the worker running the job
(on SQLite and on PostgreSQL, as CI runs the suite on both), a crashed worker's lock, backoff
after failures, and the `source` and `worker` commands."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from tafelrunde.sync import schedule
from tafelrunde.sync.models import Source
from tafelrunde.sync.run import AlreadySyncing, run_sync
from tafelrunde.sync.sources import add_source, error_text

pytestmark = pytest.mark.django_db(transaction=True)

FEED = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Feed//EN\r\n"
    "BEGIN:VEVENT\r\nUID:trip-leipzig@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
    "DTSTART;VALUE=DATE:20270310\r\nDTEND;VALUE=DATE:20270313\r\n"
    "SUMMARY:Messe Leipzig\r\nLOCATION:Leipzig\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


class Feed:
    """A feed on a real local HTTP server; `status` makes it fail on purpose."""

    def __init__(self):
        self.body = FEED.encode()
        self.status = 200
        self.requests = 0
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                feed.requests += 1
                if feed.status != 200:
                    self.send_response(feed.status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = f'"{hash(feed.body)}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(feed.body)))
                self.end_headers()
                self.wfile.write(feed.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/feed/secret-token-4711.ics"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def feed():
    served = Feed()
    yield served
    served.close()


@pytest.fixture
def home_in_dresden(owner, dresden):
    from tafelrunde.accounts.models import profile_for

    profile = profile_for(owner)
    profile.home_place = dresden
    profile.home_country = "DE"
    profile.save()
    return profile


def test_the_worker_runs_a_due_sync_as_a_background_job(owner, feed, home_in_dresden):
    from django_tasks_db.models import DBTaskResult

    from tafelrunde.sync.worker import run_worker
    from tafelrunde.travel.models import Trip

    source = add_source(owner, "ics", feed.url, name="TripIt")
    assert source.next_run_at <= timezone.now()  # due at once
    run_worker(batch=True)
    assert Trip.objects.filter(owner=owner, title="Messe Leipzig").count() == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    source.refresh_from_db()
    assert source.last_success_at is not None
    assert source.next_run_at > timezone.now() + dt.timedelta(minutes=50)
    assert not source.locked_by

    # Nothing is due now: the worker queues nothing and asks the feed nothing.
    requests = feed.requests
    run_worker(batch=True)
    assert DBTaskResult.objects.count() == 1
    assert feed.requests == requests


def test_a_source_is_queued_once_however_many_schedulers_look(owner, feed):
    source = add_source(owner, "ics", feed.url)
    now = timezone.now()
    assert schedule.queue_due(now) == [source.pk]
    assert schedule.queue_due(now) == []


def test_one_lock_per_source_and_a_crashed_workers_lock_runs_out(owner, feed, home_in_dresden):
    source = add_source(owner, "ics", feed.url)
    assert schedule.claim(source.pk, "worker-a")
    assert not schedule.claim(source.pk, "worker-b")
    with pytest.raises(AlreadySyncing):
        run_sync(source, "worker-b")

    # worker-a died holding the lock; once its lease has run out, another takes over.
    Source.objects.filter(pk=source.pk).update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    result = run_sync(source, "worker-b")
    assert result.error is None
    assert result.report.created == 1


def test_failures_back_off_and_are_said_in_words(owner, feed):
    feed.status = 500
    source = add_source(owner, "ics", feed.url)
    before = timezone.now()
    result = run_sync(source, "w")
    assert result.error is not None
    source.refresh_from_db()
    assert error_text(source) == "the server answered with an error (500)"
    assert source.failures == 1
    first_wait = source.next_run_at - before
    run_sync(source, "w")
    source.refresh_from_db()
    assert source.failures == 2
    assert source.next_run_at - timezone.now() > first_wait  # a longer wait each time
    assert "secret-token" not in error_text(source)

    feed.status = 200
    run_sync(source, "w")
    source.refresh_from_db()
    assert (source.failures, source.last_error) == (0, "")


def test_the_feed_address_is_sealed_and_never_shown_in_full(owner, feed, run_command):
    status, out, _err = run_command("source", "add", "ics", feed.url, "--name", "TripIt", "--json")
    assert status == 0, out
    shown = json.loads(out)
    assert shown["name"] == "TripIt"
    assert "secret-token" not in out
    source = Source.objects.get(pk=shown["id"])
    assert "secret-token" not in source.url_sealed
    assert source.url() == feed.url

    status, out, _err = run_command("source", "list", "--json")
    assert status == 0
    assert [s["id"] for s in json.loads(out)["sources"]] == [source.pk]
    assert "secret-token" not in out


def test_source_sync_reports_per_source_and_remove_keeps_the_trips(
    owner, feed, home_in_dresden, run_command
):
    from tafelrunde.travel.models import Trip

    source = add_source(owner, "ics", feed.url, name="TripIt")
    status, out, _err = run_command("source", "sync", "--json")
    assert status == 0, out
    (entry,) = json.loads(out)["sources"]
    assert entry["id"] == source.pk
    assert (entry["created"], entry["removed"], entry["errors"]) == (1, 0, [])

    feed.status = 500
    status, out, _err = run_command("source", "sync", str(source.pk), "--json")
    assert status == 1
    assert json.loads(out)["sources"][0]["errors"] == ["the server answered with an error (500)"]

    status, out, _err = run_command("source", "remove", str(source.pk))
    assert status == 0
    assert not Source.objects.exists()
    assert Trip.objects.filter(owner=owner).count() == 1


def test_bad_input_gets_one_line(owner, run_command):
    status, _out, err = run_command("source", "add", "ics", "ftp://example.com/feed.ics")
    assert status == 1
    assert "https://" in err
    status, _out, err = run_command("source", "remove", "4711")
    assert (status, err.strip()) == (1, "Error: You have no source #4711.")
    status, _out, err = run_command("source", "sync", "abc")
    assert status == 1 and "not a source id" in err


def test_the_sources_page_adds_shows_syncs_and_removes(owner_client, owner, feed, home_in_dresden):
    page = owner_client.get("/settings/sources/")
    assert page.status_code == 200
    assert "No sources yet." in page.content.decode()

    answer = owner_client.post(
        "/settings/sources/", {"kind": "ics", "address": feed.url, "name": "TripIt"}
    )
    assert answer.status_code == 302
    source = Source.objects.get(owner=owner)
    run_sync(source, "w")
    page = owner_client.get("/settings/sources/").content.decode()
    assert "TripIt" in page
    assert "1 new, 0 updated, 0 removed" in page
    assert "secret-token" not in page

    feed.status = 500
    run_sync(source, "w")
    page = owner_client.get("/settings/sources/").content.decode()
    assert "the server answered with an error (500)" in page

    Source.objects.filter(pk=source.pk).update(next_run_at=None)
    assert owner_client.post(f"/settings/sources/{source.pk}/sync/").status_code == 302
    source.refresh_from_db()
    assert source.next_run_at is not None and source.next_run_at <= timezone.now()

    answer = owner_client.post("/settings/sources/", {"kind": "ics", "address": "ftp://x/y"})
    assert "https://" in answer.content.decode()
    assert Source.objects.count() == 1

    assert owner_client.post(f"/settings/sources/{source.pk}/remove/").status_code == 302
    assert not Source.objects.exists()


def test_another_accounts_source_is_not_found(owner, outsider_client, feed):
    source = add_source(owner, "ics", feed.url)
    assert outsider_client.post(f"/settings/sources/{source.pk}/sync/").status_code == 404
    assert outsider_client.post(f"/settings/sources/{source.pk}/remove/").status_code == 404
    assert "secret" not in outsider_client.get("/settings/sources/").content.decode()
    assert Source.objects.filter(pk=source.pk).exists()
