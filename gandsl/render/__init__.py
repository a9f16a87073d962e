"""Rendering: sampling a generator in batches, tiling, upscaling and file encoders."""
