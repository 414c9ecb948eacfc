"""Accounts: the owner's profile, log in and out."""
