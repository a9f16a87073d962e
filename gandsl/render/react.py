"""Audio-reactive latent paths (numpy only): loudness sets the speed of a looping path through
keyframe latents, onsets kick the latent towards a pulse direction and the kick decays, the
dominant pitch class picks the class of a conditional generator.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from gandsl.render.clip import Clip, load_clip, save_clip
from gandsl.render.paths import key_latents, spline_path

SHARPNESS = 6.0  # chroma ** SHARPNESS: the dominant pitch class wins, changes still blend
RESTING_SPEED = 0.15  # share of the path's speed that silence keeps (motion scales the rest)
ENVELOPES_FILE = "envelopes.npy"


def pulse_curve(onset: np.ndarray, fps: float, decay: float) -> np.ndarray:
    """Kicks [n]: each onset sets the curve to at least its strength, which then halves every
    `decay` seconds."""
    keep = 0.5 ** (1.0 / max(decay * fps, 1e-6))
    out = np.zeros(len(onset), dtype=np.float64)
    level = 0.0
    for i, x in enumerate(onset):
        level = max(float(x), level * keep)
        out[i] = level
    return out


def drive(loudness: np.ndarray, harmonic: np.ndarray) -> np.ndarray:
    """What moves the path [n] in [0, 1]: loudness and harmonic energy, half each."""
    return 0.5 * loudness + 0.5 * harmonic


def speed_phases(drive_: np.ndarray, motion: float) -> np.ndarray:
    """Phases u [n] in [0, 1) along a loop whose step from frame to frame is proportional to
    RESTING_SPEED + motion * drive; the step after the last frame closes the loop."""
    speed = RESTING_SPEED + motion * drive_
    total = float(speed.sum())
    return np.concatenate([[0.0], np.cumsum(speed)[:-1]]) / total


def react_path(seed: int, cells: int, latent: int, u: np.ndarray, keys: int,
               kick: np.ndarray) -> np.ndarray:
    """Latents [n, cells, latent]: a periodic spline through `keys` seeded latents at phases u,
    pushed by kick [n] towards a second such spline (so kicks reach other pictures as the song
    goes on), the norm kept."""
    base = spline_path(key_latents(seed, list(range(keys)), cells, latent), u, "linear")
    toward = spline_path(key_latents(seed, [-1 - k for k in range(keys)], cells, latent), u, "linear")
    a = kick[:, None, None]
    return (base + a * toward) / np.sqrt(1.0 + a * a)


def class_weights(chroma: np.ndarray, mapping: list[int], k: int) -> np.ndarray:
    """Per-frame class weights [n, k] from chroma [n, 12]: pitch class p votes for class
    mapping[p % len(mapping)], the dominant one by far (chroma ** SHARPNESS)."""
    w = chroma ** SHARPNESS
    w = w / np.maximum(w.sum(axis=1, keepdims=True), 1e-12)
    out = np.zeros((len(chroma), k), dtype=np.float64)
    for p in range(12):
        out[:, mapping[p % len(mapping)]] += w[:, p]
    return out


@dataclass
class ReactClip(Clip):
    """A react walk's clip plus the envelopes that drove it (name -> float [n]), for plots."""

    envelopes: dict[str, np.ndarray] = field(default_factory=dict)


def save_react(clip: Clip, path: Path) -> None:
    """The clip, plus envelopes.npy [k, n] and their names in react.json."""
    save_clip(clip, path)
    env = getattr(clip, "envelopes", {})
    if env:
        names = list(env)
        np.save(path / ENVELOPES_FILE, np.stack([env[k] for k in names]).astype(np.float32),
                allow_pickle=False)
        (path / "react.json").write_text(json.dumps({"envelopes": names}))


def load_react(path: Path) -> Clip:
    """A clip saved by save_react (a ReactClip when it has envelopes)."""
    clip = load_clip(path)
    if not (path / ENVELOPES_FILE).exists():
        return clip
    names = json.loads((path / "react.json").read_text())["envelopes"]
    table = np.load(path / ENVELOPES_FILE, allow_pickle=False)
    return ReactClip(clip.frames, clip.fps, dict(zip(names, table)))
