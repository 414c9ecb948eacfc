"""Pages and static files gzipped for a phone on roaming.

Django's GZipMiddleware pads each compressed answer with random bytes against BREACH, and
the CSRF token in a page is masked anew for each answer. The API under /api/v1/ answers as
before, uncompressed: its clients read JSON as it is.

Compressing makes a static file's entity tag weak (W/"…"), and a browser asks again with the
weak tag; WhiteNoise compares tags strongly and would send the whole file again. If-None-Match
compares weakly anyway (RFC 9110, 13.1.2), so the weak marks are dropped from the question
before WhiteNoise reads it: an unchanged file is answered "304 Not Modified". The phone's
service worker relies on that when it keeps the app's files right after the page loaded them.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

API_PREFIX = "/api/"
WEAK = re.compile(r'W/(?=")')


class PageCompression(GZipMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        asked = request.META.get("HTTP_IF_NONE_MATCH")
        if asked and "W/" in asked:
            request.META["HTTP_IF_NONE_MATCH"] = WEAK.sub("", asked)

    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if request.path.startswith(API_PREFIX):
            return response
        return super().process_response(request, response)
