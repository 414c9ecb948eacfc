import pytest
from django.contrib.auth import get_user_model

from tafelrunde.demo.builder import build_demo, demo_usernames
from tafelrunde.network.models import Place


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One demo build shared by the read-only tests of a module, removed afterwards (the host
    and the colleagues' accounts with everything they own)."""
    with django_db_blocker.unblock():
        places_before = set(Place.objects.values_list("pk", flat=True))
        summary = build_demo()
        user = get_user_model().objects.get(username="demo")
    yield user, summary
    with django_db_blocker.unblock():
        for account in get_user_model().objects.filter(username__in=demo_usernames()):
            account.delete()
        Place.objects.exclude(pk__in=places_before).delete()
