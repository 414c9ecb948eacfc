"""The place index, shared with the rest of the suite (built once per machine, a few seconds)."""

from pathlib import Path

import pytest
from django.conf import settings

from tafelrunde.core.gazetteer import Gazetteer


@pytest.fixture(scope="session")
def gazetteer_dir() -> Path:
    return Path(settings.PLACES_DIR)


@pytest.fixture(scope="session")
def gazetteer(gazetteer_dir) -> Gazetteer:
    return Gazetteer.open(gazetteer_dir)
