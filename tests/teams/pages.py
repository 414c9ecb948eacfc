"""Helpers of the team page tests: a browser of each colleague's own, and what a page says."""

import html

from django.test import Client
from django.urls import reverse


def client_of(user) -> Client:
    """A logged-in browser of its own (sessions stay open across changes to the team)."""
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def team_url(memberships, user, name="team-detail", **kwargs):
    return reverse(name, kwargs={"pk": memberships[user.pk].team_id, **kwargs})


def tonight(client) -> str:
    return text(client.get(reverse("tonight")))
