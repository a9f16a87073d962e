"""CLI commands: render (stub; filled in by its issue)."""
from __future__ import annotations

COMMANDS: list = []
