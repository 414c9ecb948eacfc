"""Meal pages: the log, one meal, add, complete or delete one, and its bill (owner only)."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from tafelrunde.evenings.models import Attempt
from tafelrunde.meals import sealing
from tafelrunde.meals.bill_fill import gross_by_rate_in_order
from tafelrunde.meals.bill_reading import note_of
from tafelrunde.meals.forms import MealDeleteForm, MealForm
from tafelrunde.meals.logbook import delete_meal
from tafelrunde.meals.models import FollowUp, Meal, Note
from tafelrunde.meals.photos import MAX_BYTES as MAX_BILL_BYTES
from tafelrunde.meals.photos import content_type_of
from tafelrunde.meals.receipt_checks import receipt_findings
from tafelrunde.network.models import Contact
from tafelrunde.owned import Owner, OwnerRequest
from tafelrunde.request_body import accepts_uploads_up_to

MEALS_PER_PAGE = 50


@require_safe
def meal_list(request: OwnerRequest) -> HttpResponse:
    """All meals, newest first."""
    meals = (
        Meal.objects.owned_by(request.user)
        .select_related("place")
        .prefetch_related("participants")
        .order_by("-date", F("time").desc(nulls_last=True), "-id")
    )
    page = Paginator(meals, MEALS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "meals/meal_list.html", {"page": page})


@require_safe
def meal_detail(request: OwnerRequest, pk: int) -> HttpResponse:
    """Everything about one meal: the table with its warmth, the bill, what was learned."""
    meal = Meal.objects.owned_by(request.user).get_or_404(pk)
    context = {
        "meal": meal,
        "bill_note": note_of(meal.bill_reading),
        "gross_by_rate": gross_by_rate_in_order(meal.gross_by_rate),
        "seats": meal.participants.select_related("contact"),
        "notes": Note.objects.owned_by(request.user).filter(meal=meal).select_related("contact"),
        "follow_ups": FollowUp.objects.owned_by(request.user)
        .filter(meal=meal)
        .select_related("contact"),
        **receipt_context(meal),
    }
    return render(request, "meals/meal_detail.html", context)


def receipt_context(meal: Meal) -> dict:
    """The receipt's state on the meal page: findings, versions (newest first) and the log."""
    if not meal.business and not sealing.is_sealed(meal):
        return {"findings": [], "versions": [], "receipt_log": []}
    versions = list(sealing.versions_of(meal.owner, meal.pk).order_by("-number"))
    return {
        "findings": receipt_findings(meal),
        "versions": versions,
        "current_version": versions[0] if versions else None,
        "receipt_log": list(sealing.log_of(meal.owner, meal.pk)),
    }


@accepts_uploads_up_to(MAX_BILL_BYTES)
@require_http_methods(["GET", "POST"])
def meal_create(request: OwnerRequest) -> HttpResponse:
    """A meal by hand; ?contact=<id> (repeatable) seats those contacts to begin with."""
    contacts = Contact.objects.owned_by(request.user)
    guests = [contacts.get_or_404(pk) for pk in request.GET.getlist("contact")]
    meal = Meal(owner=request.user, date=timezone.localdate())
    return _meal_form_page(request, meal, guests)


@accepts_uploads_up_to(MAX_BILL_BYTES)
@require_http_methods(["GET", "POST"])
def meal_edit(request: OwnerRequest, pk: int) -> HttpResponse:
    """Change a meal, or complete one planned on the Tonight page."""
    return _meal_form_page(request, Meal.objects.owned_by(request.user).get_or_404(pk))


def _meal_form_page(request: OwnerRequest, meal: Meal, guests=()) -> HttpResponse:
    posted = request.method == "POST"
    form = MealForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=meal,
        owner=request.user,
        guests=guests,
        offered=said_yes_on(request.user, meal),
    )
    if form.is_valid():
        is_new = meal._state.adding
        meal = form.save_meal()
        messages.success(request, _("Meal added.") if is_new else _("Meal saved."))
        if form.proposes_after_saving(meal):
            # What the photo says is only proposed: the form shows it marked, to be confirmed.
            messages.info(
                request,
                _("The bill was read: check the values marked “read from the photo” and save."),
            )
            return redirect("meal-edit", meal.pk)
        if form.reading is not None and form.reading.note:
            messages.warning(request, form.reading.note)
        return redirect("meal-detail", meal.pk)
    form.keep_new_bill()  # browsers cannot fill a file input again: the photo waits here
    return render(request, "meals/meal_form.html", {"form": form, "meal": meal})


@require_http_methods(["GET", "POST"])
def meal_delete(request: OwnerRequest, pk: int) -> HttpResponse:
    """Delete a meal and the photo of its bill, after a page that says what goes."""
    meal = Meal.objects.owned_by(request.user).get_or_404(pk)
    sealed = sealing.is_sealed(meal)
    form = MealDeleteForm(request.POST if request.method == "POST" else None, sealed=sealed)
    if request.method == "POST" and form.is_valid():
        delete_meal(meal, form.given_reason())
        messages.success(request, _("Meal deleted."))
        return redirect("meal-list")
    context = {
        "form": form,
        "sealed": sealed,
        "meal": meal,
        "seats": meal.participants.all(),
        "notes": Note.objects.owned_by(request.user).filter(meal=meal).count()
        + FollowUp.objects.owned_by(request.user).filter(meal=meal).count(),
    }
    status = 400 if request.method == "POST" else 200  # a reason was needed and missing
    return render(request, "meals/meal_confirm_delete.html", context, status=status)


def said_yes_on(owner: Owner, meal: Meal) -> list[Contact]:
    """Who said yes on the evening of the meal's date: the likely guests."""
    attempts = Attempt.objects.owned_by(owner).filter(
        evening__date=meal.date, outcome=Attempt.Outcome.ACCEPTED
    )
    return [attempt.contact for attempt in attempts.select_related("contact")]


@require_safe
def meal_bill(request: OwnerRequest, pk: int) -> FileResponse:
    """The photo of the bill, shown in the browser, to the meal's owner only."""
    meal = Meal.objects.owned_by(request.user).get_or_404(pk)
    name = meal.bill_photo.name
    if not name:
        raise Http404("This meal has no bill.")
    try:
        handle = meal.bill_photo.storage.open(name, "rb")
    except (OSError, SuspiciousFileOperation) as exc:
        raise Http404("The bill is missing.") from exc
    response = FileResponse(
        handle,
        content_type=content_type_of(name),
        filename=f"bill-{meal.date:%Y-%m-%d}{PurePath(name).suffix}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
