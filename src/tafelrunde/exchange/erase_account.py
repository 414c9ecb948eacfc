"""Erasing an account: every row it owns, its uploaded files, its sessions and login records.

"Owns" is found, not listed: every model with a foreign key or one-to-one link to the user
(Profile, Contact, Meal, … and whatever app comes next) is deleted with the user by Django's
cascade (sealed receipt versions and their change log too); files in their FileFields (bills,
receipt PDFs) are removed from disk once the deletion is committed.
Three things hold the user without a foreign key, and are cleared by hand: sessions (the
user id is inside the session data), django-axes' login records (by username) and the admin
site's history of the user's rows (by content type and id).
"""

from __future__ import annotations

import shutil
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils.translation import ngettext

from tafelrunde.evenings.models import Evening
from tafelrunde.meals.models import Meal
from tafelrunde.meals.pending_bills import FOLDER as PENDING_BILLS
from tafelrunde.meals.photos import bill_storage
from tafelrunde.network.models import Contact
from tafelrunde.owned import Owner
from tafelrunde.travel.models import Trip


def owned_models() -> list[tuple[type[models.Model], str]]:
    """(model, field name) for every link from a model to the user model."""
    user_model = get_user_model()
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is user_model
    ]


def holdings(user) -> dict[str, int]:
    """What erasing the account would delete, as the user counts it."""
    meals = Meal.objects.owned_by(user)
    return {
        "contacts": Contact.objects.owned_by(user).count(),
        "trips": Trip.objects.owned_by(user).count(),
        "evenings": Evening.objects.owned_by(user).count(),
        "meals": meals.count(),
        "bills": meals.exclude(bill_photo="").count(),
    }


def what_it_owns(user) -> str:
    """ "120 contacts, 3 trips, 14 meals" """
    counts = holdings(user)
    contacts, trips, meals = counts["contacts"], counts["trips"], counts["meals"]
    return ", ".join(
        [
            ngettext("%(count)d contact", "%(count)d contacts", contacts) % {"count": contacts},
            ngettext("%(count)d trip", "%(count)d trips", trips) % {"count": trips},
            ngettext("%(count)d meal", "%(count)d meals", meals) % {"count": meals},
        ]
    )


def erase_account(user) -> None:
    """Delete the account with everything it owns; its files go once that is committed."""
    files = _uploaded_files(user)
    folders = [f"bills/{user.pk}", f"receipts/{user.pk}", f"{PENDING_BILLS}/{user.pk}"]
    with transaction.atomic():
        _forget_admin_history(user)
        _end_sessions(user.pk)
        _forget_login_records(user.get_username())
        user.delete()
        transaction.on_commit(lambda: _remove_files(files, folders))


def _uploaded_files(user: Owner) -> list[tuple[Storage, str]]:
    """(storage, name) of every file in a FileField of a row the user owns."""
    files = []
    for model, link in owned_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                rows = model._base_manager.filter(**{link: user}).exclude(**{field.name: ""})
                storage = field.storage
                files += [(storage, name) for name in rows.values_list(field.name, flat=True)]
    return files


def _remove_files(files: list[tuple[Storage, str]], folders: list[str]) -> None:
    for storage, name in files:
        storage.delete(name)
    # The folders of the user's bills, sealed receipts and photos kept by the meal form, with
    # anything an interrupted upload or an undone sealing left behind.
    for folder in folders:
        shutil.rmtree(bill_storage().path(folder), ignore_errors=True)


def _forget_admin_history(user: Owner) -> None:
    """Admin log entries about the user or the user's rows name them ("Jörg Müller")."""
    about: list[tuple[type[models.Model], models.QuerySet[models.Model]]] = [
        (get_user_model(), get_user_model()._base_manager.filter(pk=user.pk))
    ]
    about += [(m, m._base_manager.filter(**{link: user})) for m, link in owned_models()]
    for model, rows in about:
        ids = rows.annotate(text_id=Cast("pk", models.TextField())).values("text_id")
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        ).delete()


def _end_sessions(user_id) -> None:
    """Log the user out everywhere: sessions keep the user id inside their data."""
    listable = ("sessions.backends.db", "sessions.backends.cached_db")
    if not settings.SESSION_ENGINE.endswith(listable):
        return  # signed-cookie and cache-only sessions cannot be listed
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    wanted = str(user_id)
    for session in Session.objects.iterator():  # expired ones too: their data is still there
        if str(session.get_decoded().get("_auth_user_id")) == wanted:
            store(session_key=session.session_key).delete()


def _forget_login_records(username: str) -> None:
    """Login attempts and logs (django-axes) are kept by username, not by user."""
    user_model = get_user_model()
    for model in apps.get_models():
        if model is user_model:
            continue
        names = {field.name for field in model._meta.concrete_fields}
        if model._meta.app_label == "axes" and "username" in names:
            model._base_manager.filter(username=username).delete()
