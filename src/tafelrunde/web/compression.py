"""Pages and static files gzipped for a phone on roaming.

Django's GZipMiddleware pads each compressed answer with random bytes against BREACH, and
the CSRF token in a page is masked anew for each answer. The API under /api/v1/ answers as
before, uncompressed: its clients read JSON as it is.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

API_PREFIX = "/api/"


class PageCompression(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if request.path.startswith(API_PREFIX):
            return response
        return super().process_response(request, response)
