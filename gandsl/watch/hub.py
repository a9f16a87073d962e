"""The page's state and its live readers: every change bumps a version; readers wait for newer ones.

Readers never queue events: each one waits for a version newer than the last it sent and then
sends the whole (small) state, so bursts coalesce and a slow or vanished client holds nothing.
"""
from __future__ import annotations

import copy
import json
import threading
import time
from typing import Any, Callable


def initial_state(recipe: str) -> dict[str, Any]:
    """The state before the first run."""
    return {"recipe": recipe, "run": {"id": 0, "state": "starting", "summary": ""},
            "error": None, "nodes": [], "edges": [], "outputs": [], "previews": [],
            "progress": [], "trained": [], "log": []}


class Hub:
    """Holds the state under a condition variable; `update` publishes, `wait` subscribes."""

    def __init__(self, recipe: str) -> None:
        self._cond = threading.Condition()
        self._state = initial_state(recipe)
        self._version = 1
        self._json: tuple[int, str] | None = None
        self.closed = False

    def update(self, change: Callable[[dict[str, Any]], None]) -> None:
        """Apply `change` to the state in place and wake every reader."""
        with self._cond:
            change(self._state)
            self._version += 1
            self._cond.notify_all()

    def set(self, **parts: Any) -> None:
        """Replace top-level parts of the state."""
        self.update(lambda s: s.update(parts))

    def snapshot(self) -> dict[str, Any]:
        """A deep copy of the current state."""
        with self._cond:
            return copy.deepcopy(self._state)

    def version(self) -> int:
        with self._cond:
            return self._version

    def encoded(self) -> tuple[int, str]:
        """The current version and the state as JSON (encoded once per version)."""
        with self._cond:
            if self._json is None or self._json[0] != self._version:
                self._json = (self._version, json.dumps(self._state, default=str))
            return self._json

    def wait(self, after: int, timeout: float) -> tuple[int, str] | None:
        """Block until the version passes `after` (then its JSON), or None on timeout/close."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._version <= after and not self.closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            if self.closed:
                return None
        return self.encoded()

    def close(self) -> None:
        """Wake every reader for good (server shutdown)."""
        with self._cond:
            self.closed = True
            self._cond.notify_all()
