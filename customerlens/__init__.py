"""customerlens: is your marketing copy about the customer, or about you?

Only light names live here: importing the package must stay cheap (no spaCy).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
