"""The project's routes and a stand-in for the team join page (see conftest.team_join_route)."""

from django.http import HttpResponse
from django.urls import path

from tafelrunde.urls import urlpatterns as project

urlpatterns = [
    *project,
    path("teams/join/<str:token>/", lambda request, token: HttpResponse(), name="team-join"),
]
