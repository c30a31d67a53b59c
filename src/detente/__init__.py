"""detente: code foreign-affairs text into political events and measure relations between states.

    >>> import detente
    >>> relations = detente.open("detente.duckdb")      # a store written by `detente analyze`
    >>> relations.dyad("TUR", "RUS")                   # a DataFrame per month, both directions
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "open"]


def __getattr__(name: str) -> Any:
    # Imported on first use: `import detente` stays cheap for the CLI and worker processes.
    if name == "open":
        from detente.analyse.api import open as open_store

        return open_store
    raise AttributeError(f"module 'detente' has no attribute {name!r}")
