"""What the engine hands an op's `run`: device, folders, progress and messages."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from gandsl.numerics import Numerics


class Cancelled(Exception):
    """Raised inside an op (at its next progress step) when the run is being stopped."""


class Task(Protocol):
    """A progress bar of known length."""

    def advance(self, n: int = 1, **fields: Any) -> None: ...

    def close(self) -> None: ...


class Progress(Protocol):
    """Starts progress bars; fields (e.g. losses) are shown beside the bar."""

    def task(self, description: str, total: int, completed: int = 0) -> Task: ...


class NullTask:
    def advance(self, n: int = 1, **fields: Any) -> None:
        pass

    def close(self) -> None:
        pass


class NullProgress:
    def task(self, description: str, total: int, completed: int = 0) -> Task:
        return NullTask()


@dataclass(frozen=True)
class ScaleOut:
    """How many processes train each train node (`--nproc`, `--nnodes`, `--rdzv`); the world size is keyed."""

    nproc: int = 1
    nnodes: int = 1
    rdzv: str | None = None
    max_restarts: int = 3

    @property
    def active(self) -> bool:
        """True when training runs as a torchrun job rather than in this process."""
        return self.nproc > 1 or self.nnodes > 1

    @property
    def world(self) -> int:
        return self.nproc * self.nnodes


@dataclass
class RunContext:
    """Everything an op may use besides its params and inputs.

    work_dir survives interrupted runs and is shared by runs that differ only in `resume`
    params (a train node's `steps`), so checkpoints there let a run resume or continue.
    out_dir is the run's output folder (previews go there); tmp_dir is private scratch.
    recipe_meta (source texts and resolved params) is what renders embed in their files.
    numerics (precision, CPU threads) is what the node's key was made with: ops compute with it.
    """

    node: str
    device: str = "cpu"
    work_dir: Path = field(default_factory=lambda: Path("."))
    tmp_dir: Path = field(default_factory=lambda: Path("."))
    out_dir: Path = field(default_factory=lambda: Path("."))
    recipe_meta: dict[str, Any] = field(default_factory=dict)
    progress: Progress = field(default_factory=NullProgress)
    info: Callable[[str], None] = lambda message: None
    warn: Callable[[str], None] = lambda message: None
    scale: ScaleOut = field(default_factory=ScaleOut)
    numerics: Numerics | None = None  # None: detected for `device`

    def __post_init__(self) -> None:
        if self.numerics is None:
            self.numerics = Numerics.detect(self.device)
