from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "tafelrunde.teams"
    label = "teams"
    verbose_name = "Teams"
