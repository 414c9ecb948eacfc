"""Property-based fuzzing: the settings profiles, and a clean database for every example.

Two profiles (see README, "Development"):

- ``fuzz`` (the default): derandomized, so CI runs the same examples every time and a
  failure reproduces; the whole folder stays around a minute on one core.
- ``thorough``: ``HYPOTHESIS_PROFILE=thorough uv run pytest tests/fuzz`` explores at
  random with twenty times the examples, and keeps failing examples in ``.hypothesis/``.

The profiles are applied per test (``@fuzz_settings(...)``), never loaded globally, so they
do not change Hypothesis settings elsewhere in the suite.
"""

from __future__ import annotations

import contextlib
import os

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, settings

_SUPPRESSED = [
    # Examples share the test's fixtures (owner, client); each one runs in its own savepoint.
    HealthCheck.function_scoped_fixture,
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "fuzz",
    max_examples=50,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=_SUPPRESSED,
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    derandomize=False,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SUPPRESSED,
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fuzz")
if PROFILE not in ("fuzz", "thorough"):
    PROFILE = "fuzz"


def fuzz_settings(examples: int) -> settings:
    """`examples` under the default profile; twenty times as many when thorough."""
    scale = 20 if PROFILE == "thorough" else 1
    return settings(settings.get_profile(PROFILE), max_examples=examples * scale)


@contextlib.contextmanager
def fresh_database():
    """Run one example in a savepoint that is rolled back: the next starts where this one did."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    """How many rows every model of the project has (and the accounts'): a cheap fingerprint."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in _COUNTED_APPS
    }


_COUNTED_APPS = {"auth", "accounts", "network", "travel", "evenings", "meals", "api"}


def owned_rows(user) -> dict[str, list[tuple]]:
    """Every row the user owns, field by field (timestamps that move on save left out)."""
    snapshot = {}
    for model in apps.get_models():
        if model._meta.app_label not in _COUNTED_APPS:
            continue
        names = [field.name for field in model._meta.fields if not _moves_on_save(field)]
        if "owner" in names:
            rows = model._default_manager.filter(owner=user)
        elif "user" in names:
            rows = model._default_manager.filter(user=user)
        else:
            continue
        snapshot[model._meta.label] = sorted(map(repr, rows.order_by("pk").values_list(*names)))
    return snapshot


def _moves_on_save(field) -> bool:
    return bool(getattr(field, "auto_now", False))


@pytest.fixture
def world(owner, outsider, settings, tmp_path):
    """The owner's rows and the outsider's (see tests.fuzz.web); bills go to a temporary folder."""
    from tests.fuzz.web import make_world

    settings.MEDIA_ROOT = tmp_path / "uploads"
    return make_world(owner, outsider)
