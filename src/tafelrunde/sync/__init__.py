"""Sources that Tafelrunde follows by itself: CardDAV address books, CalDAV calendars and
`.ics` feeds, synced in the background (see docs/ARCHITECTURE.md)."""
