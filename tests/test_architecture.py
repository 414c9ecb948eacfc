"""The layers of docs/ARCHITECTURE.md stay true: every module imports only downward.

Bottom up: `core` (plain Python, no Django), the foundation modules at the package's top,
then our Django apps in the order INSTALLED_APPS lists them; settings, urls and wsgi put it
all together. A module may import from its own app, from the layers below it, and from apps
listed before its own — never from an app listed after it. Every import counts, also one
inside a function: a cycle that is deferred to run time is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tafelrunde"
FOUNDATION = (
    "conf",
    "private_files",
    "owned",
    "formatting",
    "request_body",
    "atomic_files",
    "columns",
    "formats",
)
ROOTS = ("settings", "urls", "wsgi", "__init__")
APPS = tuple(
    name.removeprefix("tafelrunde.")
    for name in settings.INSTALLED_APPS
    if name.startswith("tafelrunde.")
)


def layer_of(part: str) -> int | None:
    """Where a top-level name of the package stands; higher stands above; None: unplaced."""
    if part == "core":
        return 0
    if part in FOUNDATION:
        return 1
    if part in APPS:
        return 2 + APPS.index(part)
    if part in ROOTS:
        return 2 + len(APPS)
    return None


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def top_part(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in the module at `path` (or in `source`, as if it
    were there), relative ones made absolute."""
    relative = path.relative_to(PACKAGE).with_suffix("")
    package = ["tafelrunde", *relative.parts[:-1]]
    found = []
    for node in ast.walk(ast.parse(path.read_text() if source is None else source, str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.append((node.lineno, module))
            # `from tafelrunde import cli` names a module, not only a package
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def ours(name: str) -> str | None:
    """The top-level part of the package an import names, or None for another package."""
    parts = name.split(".")
    if parts[0] != "tafelrunde" or len(parts) < 2:
        return None
    return parts[1] if layer_of(parts[1]) is not None else None


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_imports_only_downward(path):
    part = top_part(path)
    own = layer_of(part)
    assert own is not None, (
        f"{part} is in no layer: add the app to INSTALLED_APPS where it belongs, or name the "
        "module a foundation one (see docs/ARCHITECTURE.md)"
    )
    upward = [
        f"line {line}: {name}"
        for line, name in imported(path)
        if (target := ours(name)) is not None and target != part and layer_of(target) > own
    ]
    assert not upward, f"{path.name} imports from above its layer: {upward}"


@pytest.mark.parametrize(
    "path",
    [p for p in modules() if top_part(p) in ("core", *FOUNDATION)],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_core_and_foundation_import_none_of_our_apps(path):
    part = top_part(path)
    targets = {ours(name) for _line, name in imported(path)} - {None, part}
    allowed = {"core"} if part == "core" else {"core", *FOUNDATION}
    assert targets <= allowed


@pytest.mark.parametrize(
    "path", [p for p in modules() if top_part(p) == "core"], ids=lambda p: p.name
)
def test_core_is_plain_python(path):
    names = [name for _line, name in imported(path)]
    assert not [name for name in names if name.split(".")[0] == "django"]


def test_the_check_sees_an_upward_import():
    """The parser finds imports wherever they are: at the top, in a function, relative."""
    module = PACKAGE / "network" / "example.py"
    source = "def f():\n    from tafelrunde.meals import models\n    from ..tonight import x\n"
    names = [name for _line, name in imported(module, source)]
    assert "tafelrunde.meals" in names
    assert "tafelrunde.tonight" in names
    assert layer_of("meals") > layer_of("network")
