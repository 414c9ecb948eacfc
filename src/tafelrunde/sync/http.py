"""HTTP for syncs: one session per sync, every request bounded in time and size, and every
failure turned into a SyncError in words ("the server refused the password").

niquests is the client the `caldav` library is built on; using it for CardDAV and feeds too
keeps to one HTTP stack.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import niquests

from tafelrunde.sync.errors import SyncError, gettext_noop

TIMEOUT_SECONDS = 30
# No single answer (a feed, a multiget of cards, a listing) may be larger than this.
MAX_RESPONSE_BYTES = 50 * 1024 * 1024
USER_AGENT = "Tafelrunde (CardDAV/CalDAV sync)"


class Http:
    """A session with a user's credentials; use as a context manager."""

    def __init__(
        self,
        username: str = "",
        password: str = "",
        *,
        timeout: float = TIMEOUT_SECONDS,
        max_bytes: int = MAX_RESPONSE_BYTES,
    ):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.session = niquests.Session()
        self.session.trust_env = False  # no .netrc, no proxies from the environment
        self.session.headers["User-Agent"] = USER_AGENT
        if username or password:
            self.session.auth = (username, password)
        self.requests = 0  # how many requests this sync made (a benchmark counts them)

    def __enter__(self) -> Http:
        return self

    def __exit__(self, *exc_info) -> None:
        self.session.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        allow_redirects: bool = True,
        ok: tuple[int, ...] = (200, 207),
    ) -> Response:
        """The answer, read whole (up to max_bytes); SyncError for any failure, including
        a status not in `ok` (401, 404, 500 … each in its own words)."""
        self.requests += 1
        with network_errors(self.timeout):
            answer = self.session.request(
                method,
                url,
                data=body,
                headers=dict(headers or {}),
                timeout=self.timeout,
                allow_redirects=allow_redirects,
                stream=True,
            )
            content = read_bounded(answer, self.max_bytes)
        response = Response(answer.status_code or 0, dict(answer.headers), content, str(answer.url))
        if response.status not in ok:
            raise status_error(response.status)
        return response


@contextmanager
def network_errors(timeout: float) -> Iterator[None]:
    """Turn what the network does wrong into a SyncError in words."""
    try:
        yield
    except niquests.exceptions.Timeout:
        raise SyncError(
            gettext_noop("the server did not answer within %(seconds)s s"), seconds=int(timeout)
        ) from None
    except niquests.exceptions.SSLError:
        raise SyncError(
            gettext_noop("the server's certificate could not be verified"), retry=False
        ) from None
    except niquests.exceptions.ConnectionError:
        raise SyncError(gettext_noop("the server could not be reached")) from None
    except (niquests.exceptions.RequestException, OSError):
        raise SyncError(gettext_noop("the connection to the server broke off")) from None


def read_bounded(answer: niquests.Response, max_bytes: int) -> bytes:
    """A streamed answer's body, or a SyncError once it grows past max_bytes."""
    chunks: list[bytes] = []
    size = 0
    for chunk in answer.iter_content(chunk_size=65536):
        size += len(chunk)
        if size > max_bytes:
            answer.close()
            raise SyncError(
                gettext_noop("the server's answer is larger than %(megabytes)s MB"),
                megabytes=max_bytes // (1024 * 1024),
                retry=False,
            )
        chunks.append(chunk)
    return b"".join(chunks)


class BoundedSession(niquests.Session):
    """A niquests session whose every answer is read bounded, for a library (caldav) that
    makes its own requests; no .netrc and no proxies from the environment."""

    def __init__(self, max_bytes: int | None = None):
        super().__init__()
        self.trust_env = False
        self.max_bytes = max_bytes or MAX_RESPONSE_BYTES
        self.headers["User-Agent"] = USER_AGENT

    def request(self, *args, **kwargs):
        kwargs["stream"] = True
        answer = super().request(*args, **kwargs)
        answer._content = read_bounded(answer, self.max_bytes)
        answer._content_consumed = True
        return answer


class Response:
    def __init__(self, status: int, headers: dict[str, str], content: bytes, url: str):
        self.status = status
        self.headers = {key.lower(): value for key, value in headers.items()}
        self.content = content
        self.url = url  # after redirects

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def status_error(status: int) -> SyncError:
    """An HTTP status that ends a sync, in words."""
    if status == 401:
        return SyncError(gettext_noop("the server refused the user name or password"), retry=False)
    if status == 403:
        return SyncError(gettext_noop("the server refused access to this address"), retry=False)
    if status in (404, 410):
        return SyncError(gettext_noop("the address was not found on the server"), retry=False)
    if status == 429 or status == 503:
        return SyncError(gettext_noop("the server is busy; Tafelrunde will try again later"))
    if 500 <= status < 600:
        return SyncError(
            gettext_noop("the server answered with an error (%(status)s)"), status=status
        )
    return SyncError(
        gettext_noop("the server gave an unexpected answer (%(status)s)"), status=status
    )
