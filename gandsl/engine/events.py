"""The JSONL event log of a run (`--log FILE.jsonl`): one JSON object per line."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

from gandsl.errors import GandslError


class LogError(GandslError):
    """The --log file cannot be written."""


class EventLog:
    """Appends timestamped events to a JSONL file; does nothing without a path."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self.events: list[dict[str, Any]] = []
        self.path_text = str(path)
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.path.write_text("")
            except OSError as err:
                raise LogError(f"cannot write the log `{path}`: {err.strerror or err}",
                               code="E036", help="choose another --log file") from None

    def emit(self, event: str, **data: Any) -> None:
        """Record one event (kept in memory and appended to the file)."""
        record = {"t": round(time.time(), 6), "event": event, **data}
        with self._lock:
            self.events.append(record)
            if self.path is not None:
                try:
                    with open(self.path, "a") as f:
                        f.write(json.dumps(record, default=str) + "\n")
                except OSError as err:
                    self.path = None  # report once, then stop writing
                    raise LogError(f"cannot write the log `{self.path_text}`: "
                                   f"{err.strerror or err}", code="E036",
                                   help="choose another --log file") from None
