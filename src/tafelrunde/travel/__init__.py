"""Travel: the owner's trips."""
