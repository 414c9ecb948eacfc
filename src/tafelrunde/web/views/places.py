"""Where am I: the place of the offline index nearest to the phone's position."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from tafelrunde.network.places import NoPlaceNear, NotAPoint, nearest_json, nearest_record
from tafelrunde.owned import OwnerRequest


@require_safe
def nearest_place(request: OwnerRequest) -> JsonResponse:
    """GET ?lat=..&lon=..: the nearest place as `tafelrunde geocode --near --json` prints it;
    {"error": …} with 400 for no point on the globe, 404 when no place lies within reach."""
    try:
        record, km = nearest_record(request.GET.get("lat", ""), request.GET.get("lon", ""))
    except NotAPoint as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    except NoPlaceNear as exc:
        return JsonResponse({"error": str(exc)}, status=404)
    return JsonResponse(nearest_json(record, km))
