"""`gandsl watch`: rerun a recipe on every save and show it live on a local page (SPEC §10)."""
