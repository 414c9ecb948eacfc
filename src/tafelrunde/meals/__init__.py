"""Meals: who came, who paid, what you learned, what to do next."""
