"""The rerun loop: a save cancels the running session at its next safe point, then runs anew."""
from __future__ import annotations

import threading
import traceback
from pathlib import Path
from typing import Callable

from gandsl.watch.hub import Hub
from gandsl.watch.session import Session, Shared, WatchConfig

SETTLE = 0.15  # seconds of quiet after a save before a run starts (coalesces save storms)


class Runner:
    """Owns the runner thread; `request()` (any thread) asks for a fresh run."""

    def __init__(self, cfg: WatchConfig, hub: Hub,
                 on_files: Callable[[set[Path]], None] = lambda files: None) -> None:
        self.cfg, self.hub, self.on_files = cfg, hub, on_files
        self.shared = Shared()
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.idle = threading.Event()
        self._lock = threading.Lock()
        self._session: Session | None = None
        self._runs = 0
        self._thread = threading.Thread(target=self._loop, name="gandsl-watch-runner", daemon=True)

    def start(self) -> None:
        self.wake.set()
        self._thread.start()

    def request(self) -> None:
        """A watched file changed: cancel the running session (if any) and run again."""
        with self._lock:
            if self._session is not None:
                self._session.cancel()
        self.wake.set()

    def stop(self, timeout: float = 15.0) -> None:
        """Cancel the running session and wait for the thread (training saves a checkpoint)."""
        self.stopping.set()
        self.request()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def runs(self) -> int:
        return self._runs

    def _loop(self) -> None:
        while not self.stopping.is_set():
            self.idle.set()
            self.wake.wait()
            self.idle.clear()
            self._settle()
            if self.stopping.is_set():
                break
            self._run_one()

    def _settle(self) -> None:
        """Wait until no new request arrived for SETTLE seconds."""
        self.wake.clear()
        while self.wake.wait(SETTLE) and not self.stopping.is_set():
            self.wake.clear()

    def _run_one(self) -> None:
        self._runs += 1
        session = Session(self.cfg, self.hub, self.shared, self._runs, self.on_files)
        with self._lock:
            self._session = session
        try:
            session.run()
        except Exception as err:  # a bug in gandsl: show it on the page, keep serving
            text = (f"internal error: {type(err).__name__}: {err}\n(a bug in gandsl)\n\n"
                    + traceback.format_exc())
            self.hub.set(error={"text": text, "codes": ["internal"]}, progress=[],
                         run={"id": self._runs, "state": "error", "summary": "internal error"})
        finally:
            with self._lock:
                self._session = None
