"""Deleting one's own account, after typing the password again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tafelrunde.accounts.forms import ConfirmWithPasswordForm
from tafelrunde.exchange.erase_account import erase_account, holdings
from tafelrunde.owned import OwnerRequest


@require_http_methods(["GET", "POST"])
def account_delete(request: OwnerRequest) -> HttpResponse:
    """Everything the account owns goes, its files too; then a goodbye on the login page."""
    data = request.POST if request.method == "POST" else None
    form = ConfirmWithPasswordForm(data, request=request)
    if form.is_valid():
        user = get_user_model().objects.get(pk=request.user.pk)
        username = user.get_username()
        erase_account(user)
        logout(request)
        text = _("The account %(name)s and everything in it are deleted. Goodbye.")
        messages.success(request, text % {"name": username})
        return redirect("login")
    return render(request, "accounts/account_confirm_delete.html", _context(request.user, form))


def _context(user, form) -> dict:
    return {"form": form, **holdings(user)}
