"""CLI commands: run (stub; filled in by its issue)."""
from __future__ import annotations

COMMANDS: list = []
