"""Calendar feeds from a real local HTTP server: fetched only when changed, and a failure
leaves the trips of the last good sync as they were."""

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tafelrunde.accounts.models import profile_for
from tafelrunde.sync.errors import SyncError
from tafelrunde.sync.feeds import sync_feed
from tafelrunde.sync.http import Http
from tafelrunde.sync.models import Collection, Item, Source
from tafelrunde.travel.models import Trip
from tests.conftest import CORPUS
from tests.factories import AttemptFactory, EveningFactory


class FeedServer:
    """Serves `content` with an ETag, answers 304 to a matching If-None-Match, and can be
    told to fail (`status`) or to be slow (`delay`)."""

    def __init__(self):
        self.content = b""
        self.status = 200
        self.delay = 0.0
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(dict(self.headers))
                time.sleep(server.delay)
                if server.status != 200:
                    self.send_response(server.status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = '"' + hashlib.sha256(server.content).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(server.content)))
                self.end_headers()
                self.wfile.write(server.content)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.ics?token=secret"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    feed_server = FeedServer()
    yield feed_server
    feed_server.close()


@pytest.fixture
def feed(owner, dresden, server):
    profile = profile_for(owner)
    profile.home_place = dresden
    profile.home_country = "DE"
    profile.save()
    source = Source(owner=owner, kind=Source.Kind.ICS, name="Work calendar")
    source.set_url(server.url)
    source.save()
    return source, Collection.objects.create(source=source, href="")


def calendar(*events: tuple[str, str, str, str, str]) -> bytes:
    """A VCALENDAR of all-day events (uid, summary, location, first day, day after)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tafelrunde tests//EN"]
    for uid, summary, location, start, end in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20250301T090000Z",
            f"SUMMARY:{summary}",
            f"LOCATION:{location}",
            f"DTSTART;VALUE=DATE:{start}",
            f"DTEND;VALUE=DATE:{end}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


MESSE = ("messe@example.com", "Buchmesse", "Leipzig", "20250312", "20250315")
BERLIN = ("berlin@example.com", "Kunde", "Berlin", "20250401", "20250403")
AT_HOME = ("home@example.com", "Zahnarzt", "Dresden", "20250320", "20250321")


def sync(feed, **http_options):
    source, collection = feed
    with Http(source.username, source.password(), **http_options) as http:
        return sync_feed(source, collection, http)


def trips(owner):
    return sorted(
        (t.place.name, t.start.isoformat(), t.end.isoformat(), t.title)
        for t in Trip.objects.filter(owner=owner)
    )


def test_the_first_sync_creates_the_trips_away_from_home(feed, server, owner):
    server.content = calendar(MESSE, BERLIN, AT_HOME)
    report = sync(feed)
    assert trips(owner) == [
        ("Berlin", "2025-04-01", "2025-04-02", "Kunde"),
        ("Leipzig", "2025-03-12", "2025-03-14", "Buchmesse"),
    ]
    assert report.created == 2 and report.problems == []
    assert feed[1].etag.startswith('"')


def test_an_unchanged_feed_is_not_fetched_again(feed, server, owner):
    server.content = calendar(MESSE, BERLIN)
    sync(feed)
    items_before = list(Item.objects.values("href", "etag", "applied", "offered"))
    report = sync(feed)
    assert server.requests[-1]["If-None-Match"] == feed[1].etag
    assert report.counts() == {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    assert list(Item.objects.values("href", "etag", "applied", "offered")) == items_before
    assert len(trips(owner)) == 2


def test_events_that_did_not_change_are_counted_unchanged(feed, server, owner):
    server.content = calendar(MESSE, BERLIN)
    sync(feed)
    server.content = calendar(MESSE, (*BERLIN[:1], "Kunde Meier", *BERLIN[2:]))
    report = sync(feed)
    assert (report.unchanged, report.updated) == (1, 1)


def test_a_moved_event_moves_the_trip(feed, server, owner):
    server.content = calendar(MESSE)
    sync(feed)
    server.content = calendar(("messe@example.com", "Buchmesse", "Berlin", "20250313", "20250316"))
    sync(feed)
    assert trips(owner) == [("Berlin", "2025-03-13", "2025-03-15", "Buchmesse")]


def test_a_title_edited_by_hand_is_kept_and_the_calendars_offered(
    feed, server, owner, owner_client
):
    server.content = calendar(MESSE)
    sync(feed)
    trip = Trip.objects.get(owner=owner)
    trip.title = "Messe mit Jörg"
    trip.save()
    server.content = calendar(("messe@example.com", "Leipziger Buchmesse", *MESSE[2:]))
    sync(feed)
    trip.refresh_from_db()
    assert trip.title == "Messe mit Jörg"
    assert Item.objects.get(trip=trip).offered == {"title": "Leipziger Buchmesse"}
    page = owner_client.get(f"/trips/{trip.pk}/edit/").content.decode()
    assert "Your calendar Work calendar now says: 12–14 March, Leipzig, Leipziger Buchmesse" in page


def test_a_removed_event_takes_its_trip_along(feed, server, owner):
    server.content = calendar(MESSE, BERLIN)
    sync(feed)
    server.content = calendar(BERLIN)
    report = sync(feed)
    assert [t[0] for t in trips(owner)] == ["Berlin"]
    assert report.removed == 1


def test_a_removed_event_whose_trip_has_a_call_stays_marked(feed, server, owner):
    server.content = calendar(MESSE)
    sync(feed)
    trip = Trip.objects.get(owner=owner)
    AttemptFactory(
        evening=EveningFactory(owner=owner, place=trip.place, trip=trip, date=trip.start)
    )
    server.content = calendar(BERLIN)
    sync(feed)
    assert Trip.objects.filter(pk=trip.pk).exists()
    assert Item.objects.get(trip=trip).removed_at is not None


@pytest.mark.parametrize("failure", ["status", "timeout"])
def test_a_failing_server_leaves_the_trips_as_they_were(feed, server, owner, failure):
    server.content = calendar(MESSE)
    sync(feed)
    etag = feed[1].etag
    server.content = calendar(BERLIN)
    if failure == "status":
        server.status = 500
    else:
        server.delay = 2.0
    with pytest.raises(SyncError):
        sync(feed, timeout=0.5)
    assert trips(owner) == [("Leipzig", "2025-03-12", "2025-03-14", "Buchmesse")]
    feed[1].refresh_from_db()
    assert feed[1].etag == etag


def test_something_that_is_not_a_calendar_is_said_so(feed, server, owner):
    server.content = calendar(MESSE)
    sync(feed)
    server.content = (CORPUS / "vcard" / "John_Doe_ANDROID.vcf").read_bytes()
    with pytest.raises(SyncError) as raised:
        sync(feed)
    assert raised.value.text == "this is not a calendar" and raised.value.retry is False
    assert len(trips(owner)) == 1


def test_a_real_export_is_read(feed, server, owner):
    path = CORPUS / "ics" / "event_dt_simple_nocat.ics"
    if not path.is_file():
        pytest.skip("the shared corpus is missing")
    server.content = path.read_bytes()
    report = sync(feed)  # its one event is "anywhere": no trip, but no problem either
    assert report.problems == [] and trips(owner) == []
    assert Item.objects.get().trip is None
    assert sync(feed).counts()["unchanged"] == 0  # 304


def test_a_broken_event_is_a_problem_and_the_rest_go_on(feed, server, owner):
    broken = calendar(MESSE).replace(
        b"END:VCALENDAR",
        b"BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:kaputt\r\nDTSTART:nonsense\r\nEND:VEVENT\r\nEND:VCALENDAR",
    )
    server.content = broken
    report = sync(feed)
    assert len(trips(owner)) == 1
    assert len(report.problems) == 1
