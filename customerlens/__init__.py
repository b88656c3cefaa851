"""customerlens: is your marketing copy about the customer, or about you?

Only light names live here: importing the package must stay cheap (no spaCy). The API —
`check_text`, `check_paths`, `Config` (see `customerlens.api`) — is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from customerlens.version import __version__

__all__ = ["Config", "__version__", "check_paths", "check_records", "check_text"]

if TYPE_CHECKING:
    from customerlens.api import Config, check_paths, check_records, check_text


def __getattr__(name: str) -> Any:
    """`customerlens.check_text` and friends, imported when first asked for (PEP 562)."""
    if name in ("Config", "check_paths", "check_records", "check_text"):
        from customerlens import api

        return getattr(api, name)
    raise AttributeError(f"module 'customerlens' has no attribute {name!r}")
