"""Tafelrunde: never dine alone on a business trip."""
