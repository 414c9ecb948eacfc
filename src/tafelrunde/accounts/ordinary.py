"""Ordinary accounts, as `tafelrunde user` makes, lists and names them: never staff.

An ordinary account sees only its own data; staff accounts (`createsuperuser`) can see and
change every account's data in /admin/, so they are for operators only.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tafelrunde.owned import Owner


def check_new_account(name: str, email: str) -> None:
    """A ValidationError for a name that is taken or not allowed, or a bad e-mail address."""
    users = get_user_model()
    users._meta.get_field("username").clean(name, None)
    if users.objects.filter(username=name).exists():
        raise ValidationError(_("The name %(name)r is taken: choose another.") % {"name": name})
    if email:
        try:
            validate_email(email)
        except ValidationError:
            message = _("%(email)r is not an e-mail address.")
            raise ValidationError(message % {"email": email}) from None


def add_account(name: str, email: str, password: str):
    """The new ordinary account; a ValidationError if the name, e-mail or password won't do
    (Django's password validators decide about the password)."""
    users = get_user_model()
    check_new_account(name, email)
    validate_password(password, user=users(username=name, email=email))
    try:
        with transaction.atomic():
            return users.objects.create_user(name, email, password)
    except IntegrityError:  # made by someone else in the meantime
        raise ValidationError(
            _("The name %(name)r is taken: choose another.") % {"name": name}
        ) from None


def account_named(name: str):
    users = get_user_model()
    try:
        return users.objects.get(username=name)
    except users.DoesNotExist:
        raise ValidationError(_("No account named %(name)r.") % {"name": name}) from None


def account_rows() -> list[dict]:
    """Every account, by name: name, e-mail, staff?, last login and number of contacts."""
    from tafelrunde.network.models import Contact

    contacts = dict(Contact.objects.values_list("owner_id").annotate(count=Count("pk")).order_by())
    return [
        {
            "name": user.get_username(),
            "email": user.email,
            "staff": user.is_staff,
            "superuser": user.is_superuser,
            "last_login": moment(user.last_login),
            "contacts": contacts.get(user.pk, 0),
        }
        for user in get_user_model().objects.order_by("username")
    ]


def moment(value) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def what_it_owns(user: Owner) -> str:
    """ "120 contacts, 3 trips, 14 meals" """
    from tafelrunde.meals.models import Meal
    from tafelrunde.network.models import Contact
    from tafelrunde.travel.models import Trip

    contacts = Contact.objects.owned_by(user).count()
    trips = Trip.objects.owned_by(user).count()
    meals = Meal.objects.owned_by(user).count()
    return ", ".join(
        [
            ngettext("%(count)d contact", "%(count)d contacts", contacts) % {"count": contacts},
            ngettext("%(count)d trip", "%(count)d trips", trips) % {"count": trips},
            ngettext("%(count)d meal", "%(count)d meals", meals) % {"count": meals},
        ]
    )
