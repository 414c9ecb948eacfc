"""Why a sync stopped, in words for the user."""

from __future__ import annotations

# Marks a message for the catalogue; it is translated where it is shown.
from tafelrunde.core.records import gettext_noop

__all__ = ["SyncError", "gettext_noop"]


class SyncError(Exception):
    """A sync that stopped cleanly, said in words for the user ("the server refused the
    password"). `template` is English with %(name)s placeholders filled from `params`;
    pages translate the template. It never holds a password or a feed's token.

    `retry` is False when trying again cannot help without the user (a wrong password, an
    address that is not an address book); the schedule then waits longer before the next try.
    """

    def __init__(self, template: str, *, retry: bool = True, **params: object):
        self.template = template
        self.params = params
        self.retry = retry
        super().__init__(template % params if params else template)

    @property
    def text(self) -> str:
        return str(self)
