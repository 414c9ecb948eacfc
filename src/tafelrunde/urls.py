"""URL routes: the web pages, the REST API and Django's admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("tafelrunde.web.urls")),
    path("", include("tafelrunde.api.urls")),  # /api/v1/…
]
