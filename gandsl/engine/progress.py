"""Progress bars with rich (implements gandsl.context.Progress) and cancellation on Ctrl-C."""
from __future__ import annotations

import threading
from typing import Any

from gandsl.context import Cancelled, NullProgress, Progress, Task


def _fields_text(fields: dict[str, Any]) -> str:
    return "  ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                     for k, v in fields.items())


class RichTask:
    """One bar of a rich Progress."""

    def __init__(self, bars: Any, task_id: Any) -> None:
        self.bars, self.task_id = bars, task_id

    def advance(self, n: int = 1, **fields: Any) -> None:
        update = {"info": _fields_text(fields)} if fields else {}
        self.bars.update(self.task_id, advance=n, **update)

    def close(self) -> None:
        self.bars.remove_task(self.task_id)


class RichProgress:
    """Bars showing step/total, it/s, ETA and the fields ops pass to advance (losses)."""

    def __init__(self, console: Any) -> None:
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn,
                                   TextColumn, TimeRemainingColumn)

        from rich.progress import ProgressColumn

        class Speed(ProgressColumn):
            def render(self, task: Any) -> Any:
                from rich.text import Text

                speed = task.finished_speed or task.speed
                return Text(f"{speed:.1f} it/s" if speed else "- it/s")

        self.bars = Progress(TextColumn("{task.description}", markup=False), BarColumn(),
                             MofNCompleteColumn(), TaskProgressColumn(), Speed(),
                             TimeRemainingColumn(), TextColumn("{task.fields[info]}", markup=False),
                             console=console, transient=True)

    def __enter__(self) -> "RichProgress":
        self.bars.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bars.__exit__(*exc)

    def task(self, description: str, total: int, completed: int = 0) -> Task:
        task_id = self.bars.add_task(description, total=total, completed=completed, info="")
        return RichTask(self.bars, task_id)


class CancellableTask:
    """A task that raises Cancelled at its next step once the run is stopping."""

    def __init__(self, inner: Task, cancel: threading.Event) -> None:
        self.inner, self.cancel = inner, cancel

    def advance(self, n: int = 1, **fields: Any) -> None:
        if self.cancel.is_set():
            raise Cancelled()
        self.inner.advance(n, **fields)

    def close(self) -> None:
        self.inner.close()


class CancellableProgress:
    """Wraps a Progress so every bar checks the run's cancel flag."""

    def __init__(self, inner: Progress | None, cancel: threading.Event) -> None:
        self.inner: Progress = inner or NullProgress()
        self.cancel = cancel

    def task(self, description: str, total: int, completed: int = 0) -> Task:
        if self.cancel.is_set():
            raise Cancelled()
        return CancellableTask(self.inner.task(description, total, completed), self.cancel)
