from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "tafelrunde.reminders"
    label = "reminders"
    verbose_name = "Reminders"
