"""The place index now knows every village of 500 and every postal code: contacts that were
located automatically are located again (as `tafelrunde relocate` does); places set by hand
or learned at a meal stay. Short transactions of a few hundred contacts each, so a large
installation keeps answering while it runs."""

from django.db import migrations


def relocate(apps, schema_editor):
    from tafelrunde.network.relocation import KEPT_SOURCES, relocate_contacts

    # The database being migrated: a restore migrates a backup's rows in a database of its own.
    using = schema_editor.connection.alias if schema_editor else "default"
    Contact = apps.get_model("network", "Contact")
    kept = {"location_source__in": KEPT_SOURCES, "place__isnull": False}
    if not Contact.objects.using(using).exclude(**kept).exists():
        return  # a new installation: nothing to do, and no index to build for it
    from tafelrunde.network.places import gazetteer

    relocate_contacts(
        Contact,
        apps.get_model("network", "Place"),
        apps.get_model("accounts", "Profile"),
        gazetteer(),
        using=using,
    )


class Migration(migrations.Migration):
    atomic = False  # relocate_contacts writes in short transactions of its own

    dependencies = [
        ("network", "0004_contact_salutation"),
        ("accounts", "0004_page_language"),
    ]

    operations = [migrations.RunPython(relocate, migrations.RunPython.noop, elidable=True)]
