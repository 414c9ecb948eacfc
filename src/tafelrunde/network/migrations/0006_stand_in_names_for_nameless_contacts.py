"""Contacts imported without any name (a Google row with only an e-mail address) get the
stand-in name new imports give them: their organisation, else their first e-mail address,
marked in the new column name_taken_from. Their vCard export no longer writes an empty FN."""

from django.db import migrations, models


def name_the_nameless(apps, schema_editor):
    from tafelrunde.core.display_names import stand_in_name
    from tafelrunde.core.text import fold

    using = schema_editor.connection.alias if schema_editor else "default"
    Contact = apps.get_model("network", "Contact")
    Email = apps.get_model("network", "Email")
    nameless = Contact.objects.using(using).filter(full_name="", given_name="", family_name="")
    for contact in nameless.iterator():
        emails = Email.objects.using(using).filter(contact=contact).order_by("id")
        addresses = emails.values_list("address", flat=True)
        name, origin = stand_in_name(contact.organisation, addresses)
        if name:
            contact.full_name, contact.name_taken_from = name[:250], origin
            contact.search_key = fold(f"{contact.full_name} {contact.organisation}")[:500]
            contact.save(update_fields=["full_name", "name_taken_from", "search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_relocate_with_village_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="name_taken_from",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "as given"),
                    ("organisation", "the organisation"),
                    ("email", "the e-mail address"),
                ],
                default="",
                max_length=12,
            ),
        ),
        migrations.RunPython(name_the_nameless, migrations.RunPython.noop, elidable=True),
    ]
