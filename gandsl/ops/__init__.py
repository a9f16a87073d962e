"""Ops: one module per op, named <stage>_<name>.py; see registry.py."""
