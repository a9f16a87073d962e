"""Shared test setup: small torch thread pools, a private cache folder per test session."""
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("GANDSL_CACHE_DIR", os.path.join(os.environ.get("TMPDIR", "/tmp"), "gandsl-test-cache"))
