from django.apps import AppConfig


class TonightConfig(AppConfig):
    """Whom to call on an evening, best first, and the call round that follows."""

    name = "tafelrunde.tonight"
    verbose_name = "Tonight"
