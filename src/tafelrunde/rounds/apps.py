from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "tafelrunde.rounds"
    label = "rounds"
    verbose_name = "Invitation rounds"
