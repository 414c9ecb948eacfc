from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tafelrunde.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save

        from tafelrunde.api.tokens import revoke_tokens_on_new_password

        pre_save.connect(
            revoke_tokens_on_new_password, sender=get_user_model(), dispatch_uid="api-new-password"
        )
