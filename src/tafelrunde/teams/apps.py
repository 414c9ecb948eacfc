from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "tafelrunde.teams"
    label = "teams"
    verbose_name = "Teams"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from tafelrunde.teams.lifecycle import on_account_deleted

        pre_delete.connect(
            on_account_deleted, sender=get_user_model(), dispatch_uid="tafelrunde-teams-heir"
        )
