from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    """How each relationship goes: timeline, keeping in touch, merging and erasing a person."""

    name = "tafelrunde.relationships"
    verbose_name = "Relationships"
