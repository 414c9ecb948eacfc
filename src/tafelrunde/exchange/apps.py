from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Everything an account owns, as a whole: files in, files out, and erasure."""

    name = "tafelrunde.exchange"
    verbose_name = "Exchange"
