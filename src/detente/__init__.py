"""detente: code foreign-affairs text into political events and measure relations between states."""

from __future__ import annotations

__version__ = "0.1.0"
