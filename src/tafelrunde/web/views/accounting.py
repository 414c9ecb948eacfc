"""Settings → Accounting (/settings/accounting/): the tax adviser's numbers, the chart of
accounts and its accounts for the DATEV export of business meals."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tafelrunde.meals.forms import AccountingSettingsForm
from tafelrunde.meals.models import accounting_settings_for
from tafelrunde.owned import OwnerRequest


@require_http_methods(["GET", "POST"])
def accounting_settings(request: OwnerRequest) -> HttpResponse:
    current = accounting_settings_for(request.user)
    form = AccountingSettingsForm(
        request.POST if request.method == "POST" else None, instance=current
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("Accounting settings saved."))
        return redirect("accounting-settings")
    status = 400 if form.is_bound else 200
    return render(request, "meals/accounting_settings.html", {"form": form}, status=status)
