"""How many CPU threads training uses: the cores that are idle now, unless the user says.

On a small CPU, OpenMP threads that share cores with another busy process slow a training step
by 20-50x (measured on this 2-core machine: 33 steps/s idle with 2 threads, 0.2-0.6 steps/s with 2
threads beside one other busy process, 19 steps/s with 1). So a run counts the idle cores over a
short window (Linux /proc/stat) and uses that many. GANDSL_THREADS or OMP_NUM_THREADS fix the count.
A resumed run reuses the count its checkpoint recorded, so resuming stays bit-identical on CPU.
"""
from __future__ import annotations

import os
import time


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def cpu_times() -> tuple[int, int]:
    """All CPUs' (total, idle) time in ticks since boot, from /proc/stat's first line."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields), idle


def busy_cores(window: float = 0.25) -> float | None:
    """Cores kept busy by all processes over a short window, from /proc/stat (None elsewhere)."""
    try:
        total0, idle0 = cpu_times()
        time.sleep(window)
        total1, idle1 = cpu_times()
    except (OSError, ValueError, IndexError):
        return None
    total = total1 - total0
    if total <= 0:
        return None
    return (1.0 - (idle1 - idle0) / total) * (os.cpu_count() or 1)


def training_threads() -> int:
    """GANDSL_THREADS / OMP_NUM_THREADS if set, else the cores idle right now (at least 1)."""
    for name in ("GANDSL_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    cores = available_cores()
    busy = busy_cores()
    if busy is None:
        return cores
    return max(1, min(cores, round(cores - busy)))
