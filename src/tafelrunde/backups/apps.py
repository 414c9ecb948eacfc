from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """The whole installation in one file, and back."""

    name = "tafelrunde.backups"
    verbose_name = "Backups"
