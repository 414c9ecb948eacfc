"""Pytest plugin loaded before Django's settings (see pyproject's addopts).

Tests never touch the user's real data: each run gets its own data directory, while the
place index, which is slow to build and never changes, is shared between runs.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("TAFELRUNDE_DATA_DIR", tempfile.mkdtemp(prefix="tafelrunde-test-"))
os.environ.setdefault(
    "TAFELRUNDE_PLACES_DIR", str(Path(tempfile.gettempdir()) / "tafelrunde-test-places")
)
