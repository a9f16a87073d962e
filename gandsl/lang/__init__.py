"""The language: text to a checked, resolved recipe (no torch, no numpy)."""
