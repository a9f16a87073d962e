"""The gallery: shared recipes and the static site built from them."""
