from django.apps import AppConfig


class TravelConfig(AppConfig):
    name = "tafelrunde.travel"
    verbose_name = "Travel"
