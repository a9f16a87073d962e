"""The engine: DAG, plan, keys, store, scheduler, placing outputs (no torch)."""
