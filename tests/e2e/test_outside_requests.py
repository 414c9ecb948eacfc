"""The browser tests' guard: a request to another origin fails and is recorded (the `phone`
fixture then fails the test); the server's own pages load as usual."""

import pytest

from tests.e2e.conftest import new_context

pytestmark = pytest.mark.e2e
ELSEWHERE = "http://198.51.100.7/pixel.gif"  # an address for documentation (RFC 5737)
SEND = """async (url) => {
    try { await fetch(url, {mode: "no-cors"}); return "sent"; }
    catch (error) { return "failed"; }
}"""


def test_a_request_to_another_origin_fails_and_is_recorded(browser, demo_server):
    context = new_context(browser, demo_server)
    try:
        page = context.new_page()  # a blank page: no content security policy of ours in the way
        assert page.evaluate(SEND, ELSEWHERE) == "failed"
        assert context.outside_requests == [ELSEWHERE]
        assert page.goto("/login/").status == 200
        assert context.outside_requests == [ELSEWHERE]
    finally:
        context.close()
