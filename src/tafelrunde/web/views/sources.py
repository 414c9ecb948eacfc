"""Settings → Sources (/settings/sources/): the address books and calendars that Tafelrunde
follows by itself, how each last synced, and adding, syncing and removing them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tafelrunde.owned import OwnerRequest
from tafelrunde.sync.errors import SyncError
from tafelrunde.sync.forms import ChooseForm, SourceForm
from tafelrunde.sync.models import Source
from tafelrunde.sync.schedule import sync_soon
from tafelrunde.sync.sources import (
    add_source,
    awaits_choice,
    choose_collections,
    error_text,
    remove_source,
)


@require_http_methods(["GET", "POST"])
def source_settings(request: OwnerRequest) -> HttpResponse:
    form = SourceForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            source = add_source(
                request.user,
                data["kind"],
                data["address"],
                username=data["username"],
                password=data["password"],
                name=data["name"],
                ask=True,
            )
        except SyncError as error:
            form.add_error("address", _in_words(error))
        else:
            if awaits_choice(source):
                return redirect("source-choose", source.pk)
            messages.success(
                request,
                _("Added “%(name)s”. It syncs in the background in a moment.")
                % {"name": source.name},
            )
            return redirect("sources")
    sources = list(Source.objects.owned_by(request.user).prefetch_related("collections"))
    rows = [(source, error_text(source), awaits_choice(source)) for source in sources]
    return render(request, "sync/sources.html", {"form": form, "rows": rows})


@require_http_methods(["GET", "POST"])
def source_choose(request: OwnerRequest, pk: int) -> HttpResponse:
    """Pick which of the address books or calendars found to follow."""
    source = Source.objects.owned_by(request.user).get_or_404(pk)
    form = ChooseForm(source, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            choose_collections(source, set(form.cleaned_data["chosen"]))
        except SyncError as error:
            form.add_error("chosen", _in_words(error))
        else:
            messages.success(
                request,
                _("“%(name)s” syncs in the background in a moment.") % {"name": source.name},
            )
            return redirect("sources")
    return render(request, "sync/choose.html", {"form": form, "source": source})


def _in_words(error: SyncError) -> str:
    template = _(error.template)
    return template % error.params if error.params else template


@require_POST
def source_sync(request: OwnerRequest, pk: int) -> HttpResponse:
    source = Source.objects.owned_by(request.user).get_or_404(pk)
    sync_soon(source)
    messages.success(request, _("“%(name)s” syncs in a moment.") % {"name": source.name})
    return redirect("sources")


@require_POST
def source_remove(request: OwnerRequest, pk: int) -> HttpResponse:
    source = Source.objects.owned_by(request.user).get_or_404(pk)
    remove_source(source)
    messages.success(
        request,
        _("Stopped following “%(name)s”; the contacts and trips it brought stay.")
        % {"name": source.name},
    )
    return redirect("sources")
