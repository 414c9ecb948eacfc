from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tafelrunde.demo"
    verbose_name = "Demo"
