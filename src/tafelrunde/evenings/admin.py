from django.contrib import admin

from tafelrunde.evenings.models import Attempt, Evening


class AttemptInline(admin.TabularInline):
    model = Attempt
    exclude = ["owner"]
    raw_id_fields = ["contact"]
    extra = 0


@admin.register(Evening)
class EveningAdmin(admin.ModelAdmin):
    list_display = ["date", "place", "owner"]
    raw_id_fields = ["owner", "place", "trip"]
    inlines = [AttemptInline]
