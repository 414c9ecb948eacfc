"""A file to save: the answer of every page that hands the user a file (exports, receipts)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """`content` as an attachment named `filename` (any characters, RFC 6266 encoded)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response
