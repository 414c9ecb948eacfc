from django.contrib import admin

from tafelrunde.network.models import Address, Contact, ContactSource, Email, Phone, Place


class PhoneInline(admin.TabularInline):
    model = Phone
    exclude = ["owner"]
    extra = 0


class EmailInline(admin.TabularInline):
    model = Email
    exclude = ["owner"]
    extra = 0


class AddressInline(admin.StackedInline):
    model = Address
    exclude = ["owner"]
    extra = 0


class SourceInline(admin.TabularInline):
    model = ContactSource
    exclude = ["owner"]
    extra = 0


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organisation", "owner", "place", "location_source"]
    list_filter = ["location_source", "do_not_invite"]
    search_fields = ["full_name", "organisation"]
    raw_id_fields = ["owner", "place"]
    inlines = [PhoneInline, EmailInline, AddressInline, SourceInline]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "timezone", "population"]
    search_fields = ["name"]
