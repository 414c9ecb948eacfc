from django.contrib import admin

from tafelrunde.travel.models import Trip


@admin.register(Trip)
class TripAdmin(admin.ModelAdmin):
    list_display = ["place", "start", "end", "hotel", "owner"]
    raw_id_fields = ["owner", "place"]
