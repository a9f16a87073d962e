"""Runtime value types of resolved recipes, easing, and the canonical form used in cache keys.

A resolved parameter is one of: int, float, str, bool, None, Size, Duration, Frames, Track,
or a list of those. Integer ranges resolve to lists of ints: `0..3` is [0, 1, 2, 3], `0..<3` is [0, 1, 2].
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Any

EASINGS = ("linear", "in", "out", "in_out", "step")


@dataclass(frozen=True)
class Size:
    """A `WxH` size: grid or resolution."""

    w: int
    h: int

    def __str__(self) -> str:
        return f"{self.w}x{self.h}"


@dataclass(frozen=True)
class Duration:
    """A time written with `s` or `ms`, kept in seconds."""

    seconds: float

    def __str__(self) -> str:
        return f"{self.seconds:g}s"


@dataclass(frozen=True)
class Frames:
    """A count of frames written with the `f` suffix."""

    count: int

    def __str__(self) -> str:
        return f"{self.count}f"


@dataclass(frozen=True)
class Keyframe:
    """One key of a track: a time (seconds or frames), a value and the easing into it."""

    time: Duration | Frames
    value: float
    ease: str = "linear"


RESERVED_OUT_WORDS = ("gandsl-output", "gandsl-site")  # folder markers, the gallery site's marker


def unsafe_out_part(part: str) -> bool:
    """Whether one part of an `out` path may never be written: hidden (`.git`), blank, padded with
    spaces, over 200 bytes, or naming what gandsl reserves. The checker (E028) and placement
    (E710) both ask this."""
    return (part.startswith(".") or not part.strip() or part != part.strip()
            or len(part.encode()) > 200 or any(w in part for w in RESERVED_OUT_WORDS))


def frame_count(frames: Any, duration: Any, fps: Any) -> int:
    """A walk's frames: `frames` if positive, else `duration` (`48f`, or seconds x fps), at least 1.

    The one definition: walks, the checker and the memory budget all count frames with it.
    """
    if isinstance(frames, int) and not isinstance(frames, bool) and frames > 0:
        return frames
    if isinstance(duration, Frames):
        return max(1, duration.count)
    seconds = duration.seconds if isinstance(duration, Duration) else duration
    if not isinstance(seconds, (int, float)) or not isinstance(fps, (int, float)):
        return 1
    return max(1, round(float(seconds) * float(fps)))


def walk_seconds(frames: Any, duration: Any, fps: Any) -> float:
    """A walk's length in seconds (its frame count over fps)."""
    return frame_count(frames, duration, fps) / float(fps)


def ease(name: str, t: float) -> float:
    """Map t in [0, 1] through an easing curve."""
    t = min(1.0, max(0.0, t))
    if name == "in":
        return t * t
    if name == "out":
        return 1.0 - (1.0 - t) * (1.0 - t)
    if name == "in_out":
        return 0.5 - 0.5 * math.cos(math.pi * t)
    if name == "step":
        return 1.0 if t >= 1.0 else 0.0
    return t


@dataclass(frozen=True)
class Track:
    """A keyframe track; the value between keys uses the easing written on the later key."""

    keys: tuple[Keyframe, ...]

    def times(self, fps: float) -> list[float]:
        """Key times in seconds."""
        return [k.time.seconds if isinstance(k.time, Duration) else k.time.count / fps
                for k in self.keys]

    def at(self, seconds: float, fps: float) -> float:
        """The track's value at a time in seconds."""
        times = self.times(fps)
        i = bisect.bisect_right(times, seconds)
        if i == 0:
            return float(self.keys[0].value)
        if i == len(times):
            return float(self.keys[-1].value)
        t0, t1 = times[i - 1], times[i]
        a, b = self.keys[i - 1].value, self.keys[i].value
        u = ease(self.keys[i].ease, (seconds - t0) / (t1 - t0) if t1 > t0 else 1.0)
        return float(a + (b - a) * u)


def sample(value: Any, n_frames: int, fps: float) -> list[float]:
    """A numeric setting or a Track sampled at each frame time."""
    if isinstance(value, Track):
        return [value.at(i / fps, fps) for i in range(n_frames)]
    return [float(value)] * n_frames


def canonical(value: Any) -> Any:
    """A JSON-ready, type-tagged form of a resolved value; equal values give equal forms."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, Size):
        return {"size": [value.w, value.h]}
    if isinstance(value, Duration):
        return {"s": canonical(value.seconds)}
    if isinstance(value, Frames):
        return {"f": value.count}
    if isinstance(value, Track):
        return {"keys": [[canonical(k.time), canonical(k.value), k.ease] for k in value.keys]}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items())}
    raise TypeError(f"no canonical form for {type(value).__name__}")
