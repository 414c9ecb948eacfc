from django.db import migrations, models


def split_titles(apps, schema_editor):
    """Titles imported or typed before there was a salutation ("Herr", "Mrs.", "Frau Dr.")
    become salutation and degree, so invitations greet these people properly at once."""
    # The importers' rule, not a copy: a title is split the same way whenever it arrives.
    from tafelrunde.core.salutations import split_prefix

    Contact = apps.get_model("network", "Contact")
    changed = []
    for contact in Contact.objects.exclude(title="").only("id", "title", "salutation").iterator():
        salutation, title = split_prefix(contact.title)
        if title != contact.title:
            contact.salutation, contact.title = contact.salutation or salutation, title
            changed.append(contact)
    Contact.objects.bulk_update(changed, ["salutation", "title"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_contact_rhythm"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="salutation",
            field=models.CharField(
                blank=True,
                choices=[("", "none"), ("mr", "Mr"), ("ms", "Ms")],
                default="",
                max_length=2,
                verbose_name="salutation",
            ),
        ),
        migrations.RunPython(split_titles, migrations.RunPython.noop),
    ]
