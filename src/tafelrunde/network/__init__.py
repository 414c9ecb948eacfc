"""Network: contacts, where they are, and where they came from."""
