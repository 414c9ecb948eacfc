"""URL routes: the web pages, the REST API and Django's admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("tafelrunde.accounts.urls")),
    path("", include("tafelrunde.web.urls")),
    path("contacts/", include("tafelrunde.network.urls")),
    path("trips/", include("tafelrunde.travel.urls")),
    path("meals/", include("tafelrunde.meals.urls_receipts")),  # receipts, expenses
    path("meals/", include("tafelrunde.meals.urls")),
    path("", include("tafelrunde.evenings.urls")),  # /tonight/… and /settings/invitations/
    path("", include("tafelrunde.meals.urls_stats")),  # /stats/
    path("", include("tafelrunde.api.urls")),  # /api/v1/… and /settings/tokens/
]
