from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tafelrunde.web"
    verbose_name = "Web"
