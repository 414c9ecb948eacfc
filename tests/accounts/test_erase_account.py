"""Deleting an account: no row of it is left in any table, its files are gone, others untouched."""

import html
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tafelrunde.accounts.models import Profile
from tafelrunde.exchange.erase_account import erase_account, owned_models
from tafelrunde.exchange.export_json import export_json
from tafelrunde.meals import pending_bills
from tafelrunde.meals.models import AccountingSettings, Meal, ReceiptVersion
from tafelrunde.network.models import Contact
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.meals.test_meal_pages import TINY_PNG
from tests.network.test_json_roundtrip import build_history, canonical
from tests.network.test_merge_completeness import synced_card

pytestmark = pytest.mark.usefixtures("private_uploads")  # every test's files in its own folder


def log_in(username: str, password: str = PASSWORD, address: str = "203.0.113.7") -> Client:
    client = Client()
    client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)
    return client


def furnish(user, admin) -> None:
    """Everything an account can have: build_history's year, a bill, tokens, logins, history."""
    build_history(user)
    meal = Meal.objects.get(owner=user, restaurant="Augustiner")
    meal.bill_photo.save("bill.png", ContentFile(TINY_PNG))
    contact = Contact.objects.filter(owner=user).first()
    LogEntry.objects.log_actions(admin.pk, [contact], CHANGE, single_object=True)
    LogEntry.objects.log_actions(admin.pk, [user], CHANGE, single_object=True)
    LogEntry.objects.log_actions(user.pk, [contact], CHANGE, single_object=True)
    if apps.is_installed("tafelrunde.api"):
        from tafelrunde.api.tokens import create_token

        create_token(user, "phone")
    synced_card(contact)  # a source with its collection and the item that became the contact
    AccountingSettings.objects.create(owner=user, adviser_number=29098, client_number=55003)
    reminders(user)
    invitation_round(user, contact)
    team(user, contact)
    log_in(user.get_username())  # a session and an access log
    log_in(user.get_username(), "wrong", "198.51.100.9")  # a failed attempt


def reminders(user) -> None:
    """Reminder settings, a mail in the outbox and the calendar feed's token."""
    from django.utils import timezone

    from tafelrunde.reminders.feed import make_feed
    from tafelrunde.reminders.models import Message, ReminderSettings

    ReminderSettings.objects.create(owner=user, nudge=False)
    now = timezone.now()
    Message.objects.create(
        owner=user, kind="weekly", key=f"weekly:{user.pk}:2026-W49", to="hans@example.com",
        language="de", subject="Diese Woche", text="…", html="…", expires_at=now,
    )  # fmt: skip
    make_feed(user)


def invitation_round(user, contact) -> None:
    """An open round on one of the account's evenings, with one guest's link."""
    from tafelrunde.evenings.models import Evening
    from tafelrunde.rounds.models import GuestRequest, Invitee, Round
    from tafelrunde.rounds.sending import evening_end

    evening = Evening.objects.filter(owner=user).first()
    made = Round.objects.create(
        owner=user, evening=evening, expires_at=evening_end(evening.date, evening.place)
    )
    Invitee.objects.create(
        owner=user, round=made, contact=contact, token_hash=f"{user.pk:064d}", token_sealed=""
    )
    GuestRequest.objects.create(client="203.0.113.7")  # a guest's answer: no account's row


def team(user, contact) -> None:
    """A team the account owns, a contact shared with it, an invitation it sent and one it
    used."""
    from django.utils import timezone

    from tafelrunde.teams.membership import create_team, invite
    from tafelrunde.teams.models import TeamInvitation
    from tafelrunde.teams.sharing import share_contacts

    mine = create_team(user, f"Vertrieb {user.pk}")
    share_contacts(mine, [contact])
    invite(mine, "carla@example.com")
    used, _url = invite(mine)
    TeamInvitation.objects.filter(pk=used.pk).update(used_by=user, used_at=timezone.now())


def rows_left(user_id: int, username: str) -> dict[str, int]:
    """Rows in any table that belong to the account or name it; empty when none."""
    left = {}
    for model, link in owned_models():
        count = model._base_manager.filter(**{link: user_id}).count()
        if count:
            left[f"{model._meta.label}.{link}"] = count
    for model in apps.get_models():
        if model._meta.app_label == "axes" and "username" in {f.name for f in model._meta.fields}:
            count = model._base_manager.filter(username=username).count()
            if count:
                left[model._meta.label] = count
    sessions = [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]
    count = sum(str(s.get_decoded()["_auth_user_id"]) == str(user_id) for s in sessions)
    if count:
        left["sessions"] = count
    return left


def snapshot(user) -> dict:
    """What another account has, to compare before and after."""
    export = canonical(export_json(user))
    export.pop("profile")
    return {
        "export": export,
        "rows": {
            m._meta.label: m._base_manager.filter(**{f: user}).count() for m, f in owned_models()
        },
        "sessions": rows_left(user.pk, user.get_username()).get("sessions"),
        "logins": AccessLog.objects.filter(username=user.get_username()).count(),
        "attempts": AccessAttempt.objects.filter(username=user.get_username()).count(),
    }


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def rich_owner(owner, outsider, admin):
    furnish(owner, admin)
    furnish(outsider, admin)
    owned = owned_models()
    # "No row left" proves something only if owned_models() finds the account's tables: its
    # data, its profile, its entries in the admin's log. The rich account has rows in each.
    assert {Contact, Profile, LogEntry} <= {model for model, _link in owned}
    for model, link in owned:
        assert model._base_manager.filter(**{link: owner}).exists(), model.__name__
    return owner


def test_erasing_leaves_no_row_of_the_account_in_any_table(
    rich_owner, private_uploads, django_capture_on_commit_callbacks
):
    user_id, username = rich_owner.pk, rich_owner.get_username()
    assert set(rows_left(user_id, username)) >= {"sessions", "axes.AccessLog", "axes.AccessAttempt"}
    contact_ids = list(Contact.objects.filter(owner=rich_owner).values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        erase_account(rich_owner)
    assert rows_left(user_id, username) == {}
    assert not get_user_model().objects.filter(pk=user_id).exists()
    about = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact),
        object_id__in=[str(pk) for pk in contact_ids],
    )
    assert not about.exists()
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()), object_id=str(user_id)
    ).exists()


def test_erasing_removes_the_accounts_uploaded_files(
    rich_owner, outsider, private_uploads, django_capture_on_commit_callbacks
):
    bill = Path(Meal.objects.get(owner=rich_owner, restaurant="Augustiner").bill_photo.path)
    folder = private_uploads / "bills" / str(rich_owner.pk)
    (folder / "left-behind.png").write_bytes(TINY_PNG)
    upload = SimpleUploadedFile("bill.png", TINY_PNG)
    kept = private_uploads / pending_bills.keep(rich_owner, upload, "x").path
    theirs = Path(Meal.objects.get(owner=outsider, restaurant="Augustiner").bill_photo.path)
    receipts = [Path(v.pdf.path) for v in ReceiptVersion.objects.filter(owner=rich_owner)]
    their_receipts = [Path(v.pdf.path) for v in ReceiptVersion.objects.filter(owner=outsider)]
    assert len(receipts) == 3 and all(path.exists() for path in receipts)
    with django_capture_on_commit_callbacks(execute=True):
        erase_account(rich_owner)
    assert not bill.exists()
    assert not folder.exists()
    assert not any(path.exists() for path in receipts)  # sealed receipts too, with their folder
    assert not (private_uploads / "receipts" / str(rich_owner.pk)).exists()
    assert not kept.exists()  # a photo the meal form kept while it showed a mistake
    assert theirs.read_bytes() == TINY_PNG
    assert all(path.exists() for path in their_receipts)


def test_another_accounts_data_is_untouched(
    rich_owner, outsider, django_capture_on_commit_callbacks
):
    before = snapshot(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        erase_account(rich_owner)
    assert snapshot(outsider) == before
    assert before["sessions"] and before["logins"] and before["attempts"]


def test_the_settings_page_leads_to_deleting_the_account(owner_client):
    response = owner_client.get(reverse("settings"))
    assert reverse("account-delete") in response.content.decode()


def test_the_confirmation_page_says_what_goes_and_asks_for_the_password(owner_client, owner):
    build_history(owner)
    response = owner_client.get(reverse("account-delete"))
    text = " ".join(html.unescape(response.content.decode()).split())
    assert "3 contacts" in text
    assert "2 trips, 2 evenings of calls" in text
    assert "2 meals" in text
    assert 'type="password"' in response.content.decode()
    assert reverse("contact-export", args=["json"]) in response.content.decode()


def test_a_wrong_password_deletes_nothing(owner_client, owner):
    build_history(owner)
    response = owner_client.post(reverse("account-delete"), {"password": "wrong"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert Contact.objects.filter(owner=owner).count() == 3


def test_wrong_passwords_count_towards_the_lockout(owner_client, owner):
    for _ in range(5):
        response = owner_client.post(reverse("account-delete"), {"password": "wrong"})
    assert response.status_code == 429
    assert get_user_model().objects.filter(pk=owner.pk).exists()


def test_the_right_password_deletes_everything_and_says_goodbye(
    owner, outsider, django_capture_on_commit_callbacks
):
    build_history(owner)
    client = log_in("owner")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.url == reverse("login")
    login_page = client.get(response.url)
    assert "The account owner and everything in it are deleted. Goodbye." in html.unescape(
        login_page.content.decode()
    )
    assert rows_left(owner.pk, "owner") == {}
    assert client.get(reverse("home")).status_code == 302  # logged out
    assert get_user_model().objects.filter(pk=outsider.pk).exists()


def test_an_outsider_deleting_their_account_leaves_the_owners(
    owner, outsider, django_capture_on_commit_callbacks
):
    build_history(owner)
    client = log_in("outsider")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account-delete"), {"password": PASSWORD})
    assert not get_user_model().objects.filter(pk=outsider.pk).exists()
    assert Contact.objects.filter(owner=owner).count() == 3


def test_the_page_needs_a_login(client):
    response = client.get(reverse("account-delete"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_command_deletes_the_named_account_only_with_yes(owner, outsider, capsys):
    build_history(owner)
    with pytest.raises(CommandError, match="run again with --yes"):
        call_command("erase-account", "--user", "owner")
    assert Contact.objects.filter(owner=owner).exists()
    with pytest.raises(CommandError, match="--user NAME"):
        call_command("erase-account", "--yes")
    call_command("erase-account", "--user", "owner", "--yes")
    assert rows_left(owner.pk, "owner") == {}
    assert "Deleted the account 'owner'" in capsys.readouterr().err
    assert get_user_model().objects.filter(pk=outsider.pk).exists()
