"""Whom to call on an evening, best first, and the call round that follows."""
