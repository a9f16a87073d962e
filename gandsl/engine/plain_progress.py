"""Plain progress lines for logs (CI, nohup, a pipe): one line per task every few seconds."""
from __future__ import annotations

import threading
import time
from typing import Any, Callable, TextIO

from gandsl.context import Task

EVERY_S = 5.0


def line(description: str, done: int, total: int, rate: float, fields: dict[str, Any]) -> str:
    """`run  120/3000 (4%)  12.3 it/s  d=0.61  g=1.2`."""
    pct = f" ({100 * done // total}%)" if total else ""
    extra = "".join(f"  {k}={v:.4g}" if isinstance(v, float) else f"  {k}={v}"
                    for k, v in fields.items())
    return f"{description}  {done}/{total}{pct}  {rate:.1f} it/s{extra}"


class PlainTask:
    """Counts steps and prints a line when `every` seconds have passed, and one at the end."""

    def __init__(self, owner: "PlainProgress", description: str, total: int, completed: int) -> None:
        self.owner, self.description, self.total = owner, description, total
        self.done = self.start_done = completed
        self.started = self.last = owner.clock()
        self.fields: dict[str, Any] = {}

    def advance(self, n: int = 1, **fields: Any) -> None:
        self.done += n
        self.fields.update(fields)
        now = self.owner.clock()
        if now - self.last >= self.owner.every:
            self.last = now
            self.owner.write(self._line(now))

    def close(self) -> None:
        now = self.owner.clock()
        if now - self.started >= self.owner.every:  # short tasks stay silent
            self.owner.write(self._line(now) + "  done")

    def _line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        return line(self.description, self.done, self.total,
                    (self.done - self.start_done) / elapsed, self.fields)


class PlainProgress:
    """A gandsl.context.Progress writing plain lines to a stream (threads share it)."""

    def __init__(self, stream: TextIO, every: float = EVERY_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.every, self.clock = stream, every, clock
        self._lock = threading.Lock()

    def __enter__(self) -> "PlainProgress":
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def task(self, description: str, total: int, completed: int = 0) -> Task:
        return PlainTask(self, description, total, completed)

    def write(self, text: str) -> None:
        with self._lock:
            self.stream.write(text + "\n")
            self.stream.flush()
