"""Web: the pages a person uses, and the production server."""
