"""Date and time formats where Django's own do not suit a European traveller (see settings'
FORMAT_MODULE_PATH); anything not set here is Django's format for the language."""
