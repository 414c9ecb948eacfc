from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tafelrunde.accounts"
    verbose_name = "Accounts"
