from django.apps import AppConfig


class EveningsConfig(AppConfig):
    name = "tafelrunde.evenings"
    verbose_name = "Evenings"
