"""Files in and out of the network, and "you may already know…": import, export, suggestions."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from tafelrunde.accounts.models import profile_for
from tafelrunde.core.importers.detect import FORMATS
from tafelrunde.network.importing import ImportFailed, ImportReport, import_files
from tafelrunde.network.merge import choose_keeper, merge_contacts
from tafelrunde.network.models import Contact, MatchSuggestion
from tafelrunde.owned import get_owned_or_404
from tafelrunde.request_body import accepts_uploads_up_to

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # all files of one upload together
MAX_FILES = 20
ERRORS_SHOWN = 200  # per-record errors carried to the result page
REPORT_SESSION_KEY = "tafelrunde.import_report"
SUGGESTIONS_PER_PAGE = 20
SHOWN_PER_CONTACT = ("phones", "emails", "sources")  # prefetched for the suggestions page
FORMAT_LABELS = {
    "auto": gettext_lazy("Recognise from the content"),
    "vcard": gettext_lazy("vCard (.vcf): phone, Apple, Google, Outlook"),
    "google-csv": gettext_lazy("Google Contacts CSV"),
    "outlook-csv": gettext_lazy("Outlook CSV"),
    "linkedin-csv": gettext_lazy("LinkedIn connections CSV"),
    "ics": gettext_lazy("Calendar (.ics): trips"),
    "json": gettext_lazy("Tafelrunde export (.json)"),
}
# fmt in the URL: (file extension, content type)
EXPORTS = {
    "json": ("json", "application/json"),
    "vcard": ("vcf", "text/vcard; charset=utf-8"),
    "csv": ("csv", "text/csv; charset=utf-8"),
}


class UploadQuota(FileUploadHandler):
    """Stops reading an upload once its files together pass `limit` bytes, and says so."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)  # read the rest, keep none of it
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers keep the file


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None) -> list:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportForm(forms.Form):
    files = MultipleFileField(label=gettext_lazy("Files"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[(code, FORMAT_LABELS.get(code, code)) for code in FORMATS],
        initial="auto",
        required=False,
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: only show what would happen"),
        label_suffix="",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _("One or more files, up to %(size)s together.") % {
            "size": filesizeformat(MAX_UPLOAD_BYTES)
        }

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Choose at most %(count)d files at a time.") % {"count": MAX_FILES}
            )
        if sum(f.size for f in files) > MAX_UPLOAD_BYTES:
            raise ValidationError(too_big_message(), code="too_big")
        return files


def too_big_message() -> str:
    return _("The files are too large: at most %(size)s together.") % {
        "size": filesizeformat(MAX_UPLOAD_BYTES)
    }


@accepts_uploads_up_to(MAX_UPLOAD_BYTES)
@csrf_exempt  # csrf_protect runs below, once the upload is read under the quota
def contact_import(request: HttpRequest) -> HttpResponse:
    """Upload files; the report is shown on the result page (kept in the session)."""
    quota = UploadQuota(request, MAX_UPLOAD_BYTES)
    request.upload_handlers.insert(0, quota)
    if request.method == "POST":
        try:
            request.FILES  # noqa: B018 — read the body now, with the quota in place
        except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return _refused_upload(request, _("The upload could not be read. Please try again."))
        if quota.exceeded:
            return _refused_upload(request, too_big_message())
    return _import_form_page(request)


def _refused_upload(request: HttpRequest, message: str) -> HttpResponse:
    """The empty form with `message`; nothing was read, so nothing changes."""
    context = {"form": ImportForm(), "upload_error": message}
    return render(request, "network/import.html", context, status=400)


@csrf_protect
def _import_form_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        data = form.cleaned_data
        files = [(f.name, f.read()) for f in data["files"]]
        try:
            report = import_files(request.user, files, data["format"] or "auto", data["dry_run"])
        except ImportFailed as exc:
            reason = str(exc).rstrip(".")
            form.add_error(None, _("%(reason)s. Nothing was imported.") % {"reason": reason})
        else:
            request.session[REPORT_SESSION_KEY] = report_for_session(report, data["dry_run"])
            return redirect("contact-import-result")
    return render(request, "network/import.html", {"form": form})


def report_for_session(report: ImportReport, dry_run: bool) -> dict:
    """The report as JSON for the result page, with at most ERRORS_SHOWN record errors."""
    summary = report.as_json()
    summary["errors_total"] = len(summary["errors"])
    summary["errors"] = summary["errors"][:ERRORS_SHOWN]
    summary["dry_run"] = dry_run
    return summary


def contact_import_result(request: HttpRequest) -> HttpResponse:
    report = request.session.get(REPORT_SESSION_KEY)
    if report is None:
        return redirect("contact-import")
    formats = [(name, FORMAT_LABELS.get(fmt, fmt)) for name, fmt in report["formats"].items()]
    # The importers' fixed messages are in the catalogue; the rest is shown as written.
    errors = [{**error, "message": _(error["message"])} for error in report["errors"]]
    context = {"report": {**report, "errors": errors}, "formats": formats}
    return render(request, "network/import_result.html", context)


@require_safe
@never_cache  # personal data: no copy in a shared browser's or proxy's cache
def contact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Everything as JSON, or the contacts as vCard or CSV, as a file named for today."""
    from tafelrunde.network import exchange

    if fmt not in EXPORTS:
        raise Http404(f"No export format {fmt!r}.")
    if fmt == "vcard":
        text = exchange.export_vcard(request.user)
    elif fmt == "csv":
        text = exchange.export_csv(request.user)
    else:
        text = json.dumps(exchange.export_json(request.user), ensure_ascii=False, indent=2) + "\n"
    extension, content_type = EXPORTS[fmt]
    response = HttpResponse(text.encode("utf-8"), content_type=content_type)
    filename = f"tafelrunde-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@dataclass(frozen=True)
class SuggestionPair:
    """An open suggestion with the contact a merge would keep, and the one it would fold in."""

    suggestion: MatchSuggestion
    keep: Contact
    other: Contact

    @property
    def contacts(self) -> tuple[Contact, Contact]:
        return (self.keep, self.other)


def get_suggestion_for(user, pk) -> MatchSuggestion:
    """The user's suggestion with this id, or 404 — another account's does not exist."""
    return get_owned_or_404(MatchSuggestion, user, pk)


def match_suggestions(request: HttpRequest) -> HttpResponse:
    """Open "same person?" questions, each pair side by side, newest first."""
    related = [f"{side}__{name}" for side in ("contact", "other") for name in SHOWN_PER_CONTACT]
    suggestions = (
        MatchSuggestion.objects.owned_by(request.user)
        .filter(status=MatchSuggestion.Status.OPEN)
        .select_related("contact__place", "other__place")
        .prefetch_related(*related)
        .order_by("-created_at", "-id")
    )
    page = Paginator(suggestions, SUGGESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    pairs = [SuggestionPair(s, *choose_keeper(s.contact, s.other)) for s in page.object_list]
    home_country = profile_for(request.user).home_country
    context = {"page": page, "pairs": pairs, "home_country": home_country}
    return render(request, "network/suggestions.html", context)


@require_POST
def match_suggestion_merge(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_suggestion_for(request.user, pk)
    keep, other = choose_keeper(suggestion.contact, suggestion.other)
    try:
        keep = merge_contacts(keep, other)
    except Contact.DoesNotExist:  # merged a moment ago, from another tab or device
        raise Http404("The contacts were merged already.") from None
    messages.success(request, _("Merged into %(name)s.") % {"name": keep.full_name})
    return redirect("match-suggestions")


@require_POST
def match_suggestion_keep_apart(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_suggestion_for(request.user, pk)
    suggestion.status = MatchSuggestion.Status.KEPT_APART
    suggestion.save(update_fields=["status"])
    text = _("Kept %(first)s and %(second)s apart; you will not be asked again.")
    name = suggestion.contact.full_name
    messages.success(request, text % {"first": name, "second": suggestion.other.full_name})
    return redirect("match-suggestions")
