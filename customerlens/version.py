"""The version, in a module of its own: every layer may read it without importing the package
root (which offers the API, a higher layer)."""

__version__ = "0.1.0"
