"""What changes a node's numbers besides its recipe: device kind, precision, CPU threads, processes.

Measured on a 2-core AMD EPYC (bench/repro.py): one and two CPU threads give different training
results (reductions split by thread), `--nproc 2` differs from one process, and bf16 from fp32.
So none of these may depend on the machine's load; each is a fixed function of the machine and
the user's settings, and every op that computes with torch puts all of them into its cache key:

  device     cpu | cuda | mps (what `--device` resolves to; `auto` is guessed without torch)
  precision  fp32 | bf16: GANDSL_PRECISION if set, else bf16 on CUDA and on CPUs with AMX
  threads    CPU threads per process: GANDSL_THREADS (or OMP_NUM_THREADS) if set, else the cores
             this process may use divided by the processes per machine (never the idle ones)
  world      training processes in all (`--nproc` x `--nnodes`)

This module imports nothing heavy: `plan` and a fully cached `run` key nodes without torch.
"""
from __future__ import annotations

import functools
import os
import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from gandsl.errors import RecipeError

PRECISIONS = ("fp32", "bf16")


class NumericsError(RecipeError):
    """A setting that would make the numbers ill-defined (a bad GANDSL_PRECISION); exit 1."""


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity), not how many are idle."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def cpu_threads(procs_per_machine: int = 1) -> int:
    """CPU threads each training process uses; a function of the machine and settings only."""
    for name in ("GANDSL_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    return max(1, available_cores() // max(1, procs_per_machine))


@functools.lru_cache(maxsize=1)
def cpu_has_amx() -> bool:
    """Whether the CPU has AMX tiles (Linux /proc/cpuinfo; False elsewhere)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return "amx_tile" in line.split()
    except OSError:
        pass
    return False


def precision(device_kind: str) -> str:
    """fp32 or bf16 for a device kind: GANDSL_PRECISION if set, else bf16 on CUDA and AMX CPUs."""
    forced = os.environ.get("GANDSL_PRECISION", "").strip().lower()
    if forced:
        if forced not in PRECISIONS:
            raise NumericsError(f"GANDSL_PRECISION={forced!r} is not a precision", code="E202",
                                help="set GANDSL_PRECISION to fp32 or bf16, or unset it")
        return forced
    if device_kind == "cuda" or (device_kind == "cpu" and cpu_has_amx()):
        return "bf16"
    return "fp32"


@functools.lru_cache(maxsize=1)
def _torch_version() -> str | None:
    """The installed torch's version, read from its metadata (not by importing it), or None."""
    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:
        return None


def guess_device_kind(requested: str) -> str:
    """The device kind `requested` resolves to, found without importing torch."""
    if requested in ("cpu", "mps"):
        return requested
    if requested.startswith("cuda"):
        return "cuda"
    version = _torch_version()
    if version is None or version.endswith("+cpu"):
        return "cpu"
    if sys.platform == "darwin" and platform.machine() == "arm64":
        return "mps"
    if Path("/dev/nvidia0").exists() or any(Path("/proc/driver/nvidia/gpus").glob("*")):
        return "cuda"
    return "cpu"


@dataclass(frozen=True)
class Numerics:
    """The settings a torch-computed result depends on; `material()` goes into its cache key."""

    device: str = "cpu"
    precision: str = "fp32"
    threads: int = 1
    world: int = 1

    @classmethod
    def detect(cls, requested_device: str = "auto", nproc: int = 1, nnodes: int = 1) -> "Numerics":
        kind = guess_device_kind(requested_device)
        threads = cpu_threads(nproc) if kind == "cpu" else 0
        return cls(kind, precision(kind), threads, nproc * nnodes)

    def material(self) -> dict[str, Any]:
        return {"device": self.device, "precision": self.precision, "threads": self.threads,
                "world": self.world}

    def describe(self) -> str:
        """One line for `plan` and the run summary, e.g. 'cpu, fp32, 2 threads, 1 process'."""
        parts = [self.device, self.precision]
        if self.device == "cpu":
            parts.append(f"{self.threads} thread{'s' * (self.threads != 1)}")
        parts.append(f"{self.world} process{'es' * (self.world != 1)}")
        return ", ".join(parts)
