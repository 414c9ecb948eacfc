from django.contrib import admin

from tafelrunde.accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "full_name", "home_place", "home_country", "language"]
    raw_id_fields = ["home_place"]
