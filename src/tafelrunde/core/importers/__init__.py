"""Parsers for real exports: bytes in, records and per-record errors out. No database here."""
