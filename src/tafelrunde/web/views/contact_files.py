"""Files in and out of the network: import and export."""

from __future__ import annotations

from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_safe

from tafelrunde.exchange import exports
from tafelrunde.exchange.forms import (
    FORMAT_LABELS,
    MAX_UPLOAD_BYTES,
    ImportForm,
    too_big_message,
)
from tafelrunde.exchange.importing import (
    ImportFailed,
    ImportReport,
    import_files,
    translated_message,
)
from tafelrunde.owned import OwnerRequest
from tafelrunde.request_body import accepts_uploads_up_to
from tafelrunde.web.downloads import download

ERRORS_SHOWN = 200  # per-record errors carried to the result page
REPORT_SESSION_KEY = "tafelrunde.import_report"


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


@accepts_uploads_up_to(MAX_UPLOAD_BYTES)
@csrf_exempt  # csrf_protect runs below, once the upload is read under the quota
def contact_import(request: OwnerRequest) -> HttpResponse:
    """Upload files; the report is shown on the result page (kept in the session)."""
    quota = UploadQuota(request, MAX_UPLOAD_BYTES)
    request.upload_handlers = [quota, *request.upload_handlers]
    if request.method == "POST":
        try:
            request.FILES  # noqa: B018 — read the body now, with the quota in place
        except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return _refused_upload(request, _("The upload could not be read. Please try again."))
        if quota.exceeded:
            return _refused_upload(request, too_big_message())
    return _import_form_page(request)


def _refused_upload(request: OwnerRequest, message: str) -> HttpResponse:
    """The empty form with `message`; nothing was read, so nothing changes."""
    context = {"form": ImportForm(), "upload_error": message}
    return render(request, "network/import.html", context, status=400)


@csrf_protect
def _import_form_page(request: OwnerRequest) -> HttpResponse:
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
    summary["errors_total"] = len(report.errors)
    summary["errors"] = report.errors[:ERRORS_SHOWN]  # with what translates them
    summary["warnings_total"] = len(report.warnings)
    summary["warnings"] = report.warnings[:ERRORS_SHOWN]
    summary["dry_run"] = dry_run
    return summary


def contact_import_result(request: OwnerRequest) -> HttpResponse:
    report = request.session.get(REPORT_SESSION_KEY)
    if report is None:
        return redirect("contact-import")
    formats = [(name, FORMAT_LABELS.get(fmt, fmt)) for name, fmt in report["formats"].items()]
    # The importers' fixed messages are in the catalogue; the rest is shown as written.
    errors = [{**error, "message": translated_message(error)} for error in report["errors"]]
    warnings = [{**entry, "message": translated_message(entry)} for entry in report["warnings"]]
    context = {"report": {**report, "errors": errors, "warnings": warnings}, "formats": formats}
    return render(request, "network/import_result.html", context)


@require_safe
@never_cache  # personal data: no copy in a shared browser's or proxy's cache
def contact_export(request: OwnerRequest, fmt: str) -> HttpResponse:
    """Everything as JSON, or the contacts as vCard or CSV, as a file named for today."""
    if fmt not in exports.FORMATS:
        raise Http404(f"No export format {fmt!r}.")
    text = exports.export_text(request.user, fmt)
    extension, content_type = exports.FORMATS[fmt]
    filename = f"tafelrunde-{timezone.localdate():%Y-%m-%d}.{extension}"
    return download(text.encode("utf-8"), content_type, filename)
