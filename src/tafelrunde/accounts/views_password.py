"""Changing the password and asking for a new one by mail: Django's views, throttled."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from tafelrunde.accounts.forms import ThrottledPasswordChangeForm


class PasswordChangeView(auth_views.PasswordChangeView):
    """Wrong old passwords count like wrong logins: after five, the lockout page."""

    form_class = ThrottledPasswordChangeForm
    template_name = "accounts/password_change_form.html"

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}
