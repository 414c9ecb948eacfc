"""What one sync of one source did, as `tafelrunde source sync --json` and the pages show it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    # Cards or events that could not be read; the rest of the sync goes on without them.
    problems: list[str] = field(default_factory=list)

    def add(self, other: SyncReport) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.removed += other.removed
        self.problems.extend(other.problems)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
        }
