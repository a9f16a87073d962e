"""The built-in gallery entries, shipped as package data (`gandsl.builtin_gallery`)."""
