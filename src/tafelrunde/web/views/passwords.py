"""Changing the password and asking for a new one by mail: Django's views, throttled."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from tafelrunde.accounts.forms import ThrottledPasswordChangeForm
from tafelrunde.accounts.reset_throttle import may_send_reset_mail


class PasswordChangeView(auth_views.PasswordChangeView):
    """Wrong old passwords count like wrong logins: after five, the lockout page."""

    form_class = ThrottledPasswordChangeForm
    template_name = "accounts/password_change_form.html"

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetView(auth_views.PasswordResetView):
    """At most a few mails per address and client an hour; the same page either way."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def form_valid(self, form):
        if not may_send_reset_mail(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
