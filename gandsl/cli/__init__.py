"""The `gandsl` command line: one click group, commands by area."""
from gandsl.cli.main import group, main

__all__ = ["group", "main"]
