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
# Commands speak the terminal's language (LC_ALL, LC_MESSAGES, LANG): tests expect English
# whatever the machine is set to, unless they choose a language themselves.
for _name in ("LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"
