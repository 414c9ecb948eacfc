from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "tafelrunde.network"
    verbose_name = "Network"
