"""The app on the phone: the nearest place, the manifest, the service worker."""

import json

import pytest
from django.test import Client


def test_nearest_place_to_the_phone(owner_client):
    response = owner_client.get("/places/nearest", {"lat": "51.0504", "lon": "13.7373"})
    assert response.status_code == 200
    place = response.json()
    assert (place["name"], place["country"], place["region"]) == ("Dresden", "DE", "Sachsen")
    assert place["timezone"] == "Europe/Berlin"
    assert place["distance_km"] < 1
    assert place["query"] == "Dresden"  # what the place field reads as Dresden


@pytest.mark.parametrize(
    ("query", "status", "error"),
    [
        ({"lat": "35", "lon": "-40"}, 404, "No known place lies within 100 km"),
        ({"lat": "north", "lon": "13"}, 400, "Give the latitude and longitude"),
        ({"lat": "51"}, 400, "Give the latitude and longitude"),
        ({"lat": "-91", "lon": "13"}, 400, "No point on the globe"),
        ({"lat": "51", "lon": "1" * 500}, 400, "Give the latitude and longitude"),
    ],
)
def test_nearest_place_refuses_in_words(owner_client, query, status, error):
    response = owner_client.get("/places/nearest", query)
    assert response.status_code == status
    assert response.json()["error"].startswith(error)


def test_nearest_place_needs_a_login(client, db):
    response = client.get("/places/nearest", {"lat": "51.05", "lon": "13.74"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_manifest_makes_an_app_of_tonight(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert "max-age=" in response["Cache-Control"]
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/tonight/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#7a2e12"
    icons = {(icon["sizes"], icon["purpose"]): icon["src"] for icon in manifest["icons"]}
    assert set(icons) == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for src in icons.values():
        icon = client.get(src)
        assert icon.status_code == 200
        assert b"".join(icon.streaming_content).startswith(b"\x89PNG")


def test_every_page_links_the_manifest_and_the_icon(owner_client):
    for page in (Client().get("/login/"), owner_client.get("/tonight/")):
        html = page.content.decode()
        assert '<link rel="manifest" href="/manifest.webmanifest">' in html
        assert '<meta name="theme-color" content="#7a2e12">' in html
        assert "apple-touch-icon.png" in html
        assert 'id="offline-banner"' in html


def test_the_service_worker_is_served_from_the_root(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    code = response.content.decode()
    assert 'var SHELL = ["/static/tafelrunde/site.css"' in code
    assert "http://" not in code and "https://" not in code  # no other origin
    for path in json.loads(code.split("var SHELL = ", 1)[1].split(";", 1)[0]):
        assert client.get(path).status_code == 200


def test_pages_are_sent_compressed_and_the_api_as_it_is(owner_client, owner):
    from tafelrunde.api.tokens import create_token

    page = owner_client.get("/tonight/", headers={"Accept-Encoding": "gzip"})
    assert page["Content-Encoding"] == "gzip"
    token = create_token(owner, "phone").secret
    api = owner_client.get(
        "/api/v1/trips", headers={"Accept-Encoding": "gzip", "Authorization": f"Bearer {token}"}
    )
    assert api.status_code == 200
    assert not api.has_header("Content-Encoding")
