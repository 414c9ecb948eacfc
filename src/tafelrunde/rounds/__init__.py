"""Invitation rounds: several guests asked at once by personal links, and the first yes wins."""
