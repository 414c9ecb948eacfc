"""Framework-free logic: names, places, phone numbers; testable without a database."""
