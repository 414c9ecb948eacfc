"""Money out of a meal: the business-meal receipt as PDF (draft, approved, each sealed
version), its approval, the expense export as CSV, and for the accountant the DATEV batch
with the ZIP of receipts and bills."""

from __future__ import annotations

import datetime as dt
import tempfile

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from tafelrunde.meals.datev_export import (
    ExportRefused,
    datev_export,
    is_booked_expense,
    meal_bookings,
    stand_in_warning,
)
from tafelrunde.meals.documents_zip import write_documents_zip
from tafelrunde.meals.expenses import (
    deductible_amount,
    export_expenses_csv,
    meals_between,
)
from tafelrunde.meals.forms import ExpenseRangeForm
from tafelrunde.meals.models import Meal, accounting_settings_for
from tafelrunde.meals.occasions import occasion_warning
from tafelrunde.meals.receipts import LANGUAGES, NotABusinessMeal, build_receipt_pdf
from tafelrunde.meals.sealing import (
    AlreadyApproved,
    ConcurrentChange,
    approve,
    current_version,
    sealed_pdf,
    versions_of,
)
from tafelrunde.owned import OwnerRequest
from tafelrunde.web.downloads import download


@require_safe
@never_cache  # personal data: no copy in a shared browser's or proxy's cache
def meal_receipt(request: OwnerRequest, pk: int) -> HttpResponse:
    """The business-meal receipt of one meal as PDF; `?language=de|en` (default: the owner's).

    Once approved, the current sealed version exactly as stored (in its own language).
    """
    meal = Meal.objects.owned_by(request.user).get_or_404(pk)
    language = request.GET.get("language") or None
    if language is not None and language not in LANGUAGES:
        message = _("Choose the receipt language de or en.")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    version = current_version(meal)
    if version is not None:
        return receipt_version(request, meal.pk, version.number)
    try:
        pdf = build_receipt_pdf(meal, language)
    except NotABusinessMeal:
        raise Http404("A receipt is only made for business meals.") from None
    filename = f"bewirtungsbeleg-{meal.date:%Y-%m-%d}-{meal.pk}.pdf"
    return download(pdf, "application/pdf", filename)


@require_safe
@never_cache
def receipt_version(request: OwnerRequest, meal_number: int, number: int) -> HttpResponse:
    """One sealed version's PDF, byte for byte, to its owner (also after the meal's deletion)."""
    version = versions_of(request.user, meal_number).filter(number=number).first()
    if version is None:
        raise Http404("No such receipt version.")
    try:
        pdf = sealed_pdf(version)
    except OSError:
        raise Http404("The receipt's file is missing.") from None
    filename = f"bewirtungsbeleg-{meal_number}-v{number}.pdf"
    return download(pdf, "application/pdf", filename)


@require_POST
def meal_receipt_approve(request: OwnerRequest, pk: int) -> HttpResponse:
    """Seal the receipt as it is now (the page listed what is missing before the button)."""
    meal = Meal.objects.owned_by(request.user).get_or_404(pk)
    try:
        version = approve(meal, request.user)
    except NotABusinessMeal:
        messages.error(request, _("A receipt is only made for business meals."))
    except AlreadyApproved:
        messages.info(request, _("The receipt is already approved as it is."))
    except ConcurrentChange:
        messages.error(request, _("The meal was changed at the same moment; please try again."))
    else:
        messages.success(
            request, _("Receipt approved (version %(number)d).") % {"number": version.number}
        )
    return redirect("meal-detail", meal.pk)


def this_year_so_far() -> dict[str, dt.date]:
    today = timezone.localdate()
    return {"from": today.replace(month=1, day=1), "to": today}


@require_safe
@never_cache
def meal_expenses_form(request: OwnerRequest) -> HttpResponse:
    """Choose a date range; see its meals with totals, deductible shares and warnings."""
    form = ExpenseRangeForm(request.GET or this_year_so_far())
    return _expenses_page(request, form)


@require_safe
@never_cache
def meal_expenses_csv(request: OwnerRequest) -> HttpResponse:
    """The owner's meals from `?from` to `?to` (inclusive) as CSV; bad dates are a 400 page."""
    form = ExpenseRangeForm(request.GET)
    if not form.is_valid():
        return _expenses_page(request, form, status=400)
    start, end = form.date_range()
    text = export_expenses_csv(request.user, start, end)
    filename = f"tafelrunde-meals-{start:%Y-%m-%d}-{end:%Y-%m-%d}.csv"
    return download(text.encode("utf-8"), "text/csv; charset=utf-8", filename)


@require_safe
@never_cache
def meal_expenses_datev(request: OwnerRequest) -> HttpResponse:
    """The DATEV batch (EXTF Buchungsstapel) of the business meals from `?from` to `?to`."""
    form = ExpenseRangeForm(request.GET)
    if not form.is_valid():
        return _expenses_page(request, form, status=400)
    start, end = form.date_range()
    try:
        export = datev_export(request.user, accounting_settings_for(request.user), start, end)
    except ExportRefused as exc:
        return _expenses_page(request, form, status=400, datev_error=str(exc))
    return download(export.batch, "text/csv; charset=windows-1252", datev_filename(start, end))


@require_safe
@never_cache
def meal_documents_zip(request: OwnerRequest) -> HttpResponse | FileResponse:
    """The approved receipts and bill photos of the range's business meals as one ZIP."""
    form = ExpenseRangeForm(request.GET)
    if not form.is_valid():
        return _expenses_page(request, form, status=400)
    start, end = form.date_range()
    # On disk, not in memory; FileResponse closes (and so removes) it once it is sent.
    archive = tempfile.TemporaryFile()  # noqa: SIM115
    write_documents_zip(request.user, start, end, archive)
    archive.seek(0)
    filename = datev_filename(start, end) + ".zip"
    return FileResponse(
        archive, as_attachment=True, filename=filename, content_type="application/zip"
    )


def datev_filename(start: dt.date, end: dt.date) -> str:
    return f"EXTF_Bewirtung_{start:%Y%m%d}_{end:%Y%m%d}.csv"


def _expenses_page(
    request: OwnerRequest, form: ExpenseRangeForm, status: int = 200, datev_error: str = ""
):
    rows = []
    accounting = accounting_settings_for(request.user)
    if form.is_valid():
        rows = [
            {
                "meal": meal,
                "total": meal.total,
                "deductible": deductible_amount(meal),
                "warning": occasion_warning(meal),
                "datev": meal_bookings(meal, accounting) if is_booked_expense(meal) else None,
            }
            for meal in meals_between(request.user, *form.date_range())
        ]
    context = {
        "form": form,
        "rows": rows,
        "accounting": accounting,
        "datev_stand_in": stand_in_warning(),
        "datev_error": datev_error,
    }
    return render(request, "meals/expenses.html", context, status=status)
