from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tafelrunde.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from tafelrunde.accounts.middleware import on_login
        from tafelrunde.private_files import on_connection

        user_logged_in.connect(on_login, dispatch_uid="tafelrunde-page-language")
        connection_created.connect(on_connection, dispatch_uid="tafelrunde-private-database")
