"""Shared test setup: one torch thread per worker, and a fresh cache folder per test session."""
import atexit
import os
import shutil
import tempfile

os.environ.setdefault("OMP_NUM_THREADS", "1")
# Never the user's cache, and never one left by an earlier run: results must not leak between runs.
os.environ["GANDSL_CACHE_DIR"] = tempfile.mkdtemp(prefix="gandsl-test-cache-")
atexit.register(shutil.rmtree, os.environ["GANDSL_CACHE_DIR"], ignore_errors=True)  # and none left behind
