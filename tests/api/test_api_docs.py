"""The OpenAPI schema and the docs page: public, complete, and served from our own origin."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    return [
        (method, path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def test_the_schema_needs_no_login_and_names_the_token_scheme(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"] == {
        "BearerToken": {"type": "http", "scheme": "bearer"}
    }
    assert {path.split("/")[3] for path in schema["paths"]} == {
        "contacts", "trips", "tonight", "attempts", "meals", "bills", "teams"
    }  # fmt: skip


FILE_ANSWERS = {"/api/v1/meals/receipt-versions/{version_id}"}


def test_every_operation_declares_every_answer_it_can_give(schema):
    for method, path, operation in operations(schema):
        statuses = set(operation["responses"])
        label = f"{method.upper()} {path}"
        assert {"400", "401", "422"} <= statuses, label
        assert statuses & {"200", "201", "204"}, label
        if "{" in path:
            assert "404" in statuses, label
        assert operation["security"] == [{"BearerToken": []}], label
        for status, answer in operation["responses"].items():
            if status != "204":
                # A file to save (a sealed receipt's PDF) is the one answer not in JSON.
                kind = "application/pdf" if path in FILE_ANSWERS and status == "200" else "json"
                kind = "application/json" if kind == "json" else kind
                assert "schema" in answer["content"][kind], f"{label} {status}"


def test_the_docs_load_nothing_from_outside(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert urls and all(url.startswith("/static/") for url in urls), urls
    for script in re.findall(r"<script([^>]*)>", page):
        assert "src=" in script or 'type="application/json"' in script, "inline script"
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', page, re.S).group(1))
    assert settings["validatorUrl"] is None  # no call to the online validator
    assert settings["url"] == "/api/v1/openapi.json"
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_an_unknown_api_url_answers_json(client):
    for url in ("/api/v1/nothing-here", "/api/v2/contacts", "/api/"):
        response = client.post(url)
        assert response.status_code == 404
        assert response.json()["detail"].startswith("No such API operation")


def test_a_method_an_operation_does_not_take_is_a_405(api):
    assert api.client.put("/api/v1/contacts", headers=api._headers()).status_code == 405


def test_the_api_root_says_where_the_docs_are(client):
    assert client.get("/api/v1/").json() == {
        "openapi": "/api/v1/openapi.json",
        "docs": "/api/v1/docs",
    }
