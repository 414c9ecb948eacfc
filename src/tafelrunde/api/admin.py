from django.contrib import admin

from tafelrunde.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "owner", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["owner"]
    readonly_fields = ["prefix", "hashed", "created_at", "last_used_at"]
