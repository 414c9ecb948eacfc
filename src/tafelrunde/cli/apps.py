from django.apps import AppConfig


class CliConfig(AppConfig):
    """The `tafelrunde` program and its commands."""

    name = "tafelrunde.cli"
    verbose_name = "Command line"
