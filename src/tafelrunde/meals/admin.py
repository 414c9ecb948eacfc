from django.contrib import admin

from tafelrunde.meals.models import FollowUp, Meal, MealParticipant, Note


class ParticipantInline(admin.TabularInline):
    model = MealParticipant
    exclude = ["owner"]
    raw_id_fields = ["contact"]
    extra = 0


@admin.register(Meal)
class MealAdmin(admin.ModelAdmin):
    list_display = ["date", "restaurant", "amount", "currency", "business", "owner"]
    raw_id_fields = ["owner", "place", "evening"]
    inlines = [ParticipantInline]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["contact", "kind", "created_at", "owner"]
    raw_id_fields = ["owner", "contact", "meal"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["contact", "text", "due", "done_at", "owner"]
    raw_id_fields = ["owner", "contact", "meal"]
