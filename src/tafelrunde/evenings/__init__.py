"""Evenings: the call list for a trip evening and the calls made from it."""
