"""Live run feedback for the page: progress bars (the ops' Progress protocol) and engine events."""
from __future__ import annotations

import itertools
import threading
import time
from typing import Any, Callable

from gandsl.engine.events import EventLog
from gandsl.watch.hub import Hub

TICK = 0.25  # seconds between progress updates of one bar on the page


class WebTask:
    """One bar on the page; updates are throttled, the last one always lands."""

    def __init__(self, bars: "WebProgress", ident: int) -> None:
        self.bars, self.ident = bars, ident
        self._last = 0.0

    def advance(self, n: int = 1, **fields: Any) -> None:
        bar = self.bars.bump(self.ident, n, fields)
        now = time.monotonic()
        if bar is not None and (now - self._last >= TICK or bar["done"] >= bar["total"]):
            self._last = now
            self.bars.publish()

    def close(self) -> None:
        self.bars.remove(self.ident)


class WebProgress:
    """Implements gandsl.context.Progress by publishing bars into the hub's `progress`."""

    def __init__(self, hub: Hub, on_tick: Callable[[], None] = lambda: None) -> None:
        self.hub, self.on_tick = hub, on_tick
        self._bars: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def task(self, description: str, total: int, completed: int = 0) -> WebTask:
        ident = next(self._ids)
        with self._lock:
            self._bars[ident] = {"label": description, "done": completed, "total": max(1, total),
                                 "fields": {}, "start": time.time(), "start_done": completed}
        self.publish()
        return WebTask(self, ident)

    def bump(self, ident: int, n: int, fields: dict[str, Any]) -> dict[str, Any] | None:
        with self._lock:
            bar = self._bars.get(ident)
            if bar is not None:
                bar["done"] += n
                bar["fields"].update({k: v for k, v in fields.items()
                                      if isinstance(v, (int, float, str))})
            return bar

    def remove(self, ident: int) -> None:
        with self._lock:
            self._bars.pop(ident, None)
        self.publish()

    def publish(self) -> None:
        with self._lock:
            bars = [dict(b, fields=dict(b["fields"])) for b in self._bars.values()]
        self.hub.set(progress=bars)
        self.on_tick()


class HubEvents(EventLog):
    """The scheduler's event log, also handed to a callback (node status on the page)."""

    def __init__(self, on_event: Callable[[str, dict[str, Any]], None]) -> None:
        super().__init__(None)
        self.on_event = on_event

    def emit(self, event: str, **data: Any) -> None:
        super().emit(event, **data)
        self.on_event(event, data)
