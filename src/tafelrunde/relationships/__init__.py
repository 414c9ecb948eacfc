"""How each relationship goes: timeline, keeping in touch, merging and erasing a person."""
