"""Helpers shared by the data ops: bundled sources, image conversion, jitter and storage."""
