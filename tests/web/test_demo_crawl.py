"""Every page a person can reach from the demo's home page answers without a server error."""

import re
from urllib.parse import urldefrag, urlparse

import pytest
from django.contrib.auth import get_user_model

from tafelrunde.demo.builder import build_demo, demo_usernames
from tafelrunde.network.models import Place

LINK = re.compile(r'href="([^"]+)"')
LIMIT = 400  # pages; the demo has about this many distinct ones worth a look


@pytest.fixture(scope="module")
def demo_user(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        places_before = set(Place.objects.values_list("pk", flat=True))
        build_demo()
        user = get_user_model().objects.get(username="demo")
    yield user
    with django_db_blocker.unblock():
        for account in get_user_model().objects.filter(username__in=demo_usernames()):
            account.delete()
        Place.objects.exclude(pk__in=places_before).delete()


def links(html: str) -> list[str]:
    found = []
    for href in LINK.findall(html):
        url = urldefrag(href.replace("&amp;", "&"))[0]
        parsed = urlparse(url)
        if not parsed.scheme and not parsed.netloc and url.startswith("/"):
            found.append(url)
    return found


@pytest.mark.django_db
def test_no_page_reachable_from_home_fails(client, demo_user):
    client.force_login(demo_user)
    queue, seen, failures = ["/"], set(), []
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen or url.startswith(("/static/", "/admin/", "/logout")):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            failures.append((url, response.status_code))
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html"):
            queue.extend(link for link in links(response.content.decode()) if link not in seen)
    assert len(seen) >= 50, f"the crawl reached only {len(seen)} pages"
    assert failures == []
