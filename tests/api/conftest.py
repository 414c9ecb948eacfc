"""The API's test client: requests as a token's owner, JSON in and out."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.test import Client

from tafelrunde.api.tokens import create_token


@dataclass
class ApiClient:
    """Django's test client with a bearer token; bodies are JSON."""

    client: Client
    token: str | None

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", query_params=params, headers=self._headers())

    def post(self, path: str, body=None):
        return self._send("post", path, body)

    def patch(self, path: str, body=None):
        return self._send("patch", path, body)

    def put(self, path: str, body=None):
        return self._send("put", path, body)

    def delete(self, path: str):
        return self.client.delete(f"/api/v1{path}", headers=self._headers())

    def request(self, method: str, path: str, body=None):
        if method in {"get", "delete"}:
            return getattr(self, method)(path)
        return self._send(method, path, body)

    def _send(self, method: str, path: str, body):
        send = getattr(self.client, method)
        return send(
            f"/api/v1{path}",
            data=json.dumps({} if body is None else body),
            content_type="application/json",
            headers=self._headers(),
        )


@pytest.fixture
def owner_token(owner) -> str:
    return create_token(owner, "tests").secret


@pytest.fixture
def outsider_token(outsider) -> str:
    return create_token(outsider, "tests").secret


@pytest.fixture
def api(owner_token) -> ApiClient:
    """The owner's API client."""
    return ApiClient(Client(), owner_token)


@pytest.fixture
def outsider_api(outsider_token) -> ApiClient:
    return ApiClient(Client(), outsider_token)


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient(Client(), None)
