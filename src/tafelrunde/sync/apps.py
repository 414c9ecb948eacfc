from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "tafelrunde.sync"
    label = "sync"
    verbose_name = "Sources"
