"""Reminders: the trip digest, the afternoon nudge, the weekly small attentions by mail, and
the private calendar feed."""
