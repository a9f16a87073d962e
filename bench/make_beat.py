"""Make the short beat the music video recipes ship with (CC0, made by gandsl's authors).

    python bench/make_beat.py gallery/music-video/beat.ogg

8 s at 120 bpm, mono 22050 Hz: a kick on every beat, a snare on 2 and 4, hi-hats on the
off-beats, and a pad and bass through Am - F - C - G (2 s each, so the dominant pitch class
changes: A, F, C, G), quiet at first; the kick drops out for the fourth chord's first second.
Seeded: the same samples every run. Written as OGG Vorbis by the ffmpeg imageio-ffmpeg ships.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

RATE = 22050
SECONDS = 8.0
BEAT = 0.5  # seconds (120 bpm)
CHORDS = [(57, 60, 64), (53, 57, 60), (48, 52, 55), (55, 59, 62)]  # Am F C G (MIDI notes)


def hz(midi: float) -> float:
    """MIDI note to Hz."""
    return 440.0 * 2 ** ((midi - 69) / 12)


def kick(n: int) -> np.ndarray:
    """A kick drum [n]: a sine falling from 110 to 45 Hz."""
    t = np.arange(n) / RATE
    freq = 45 + 65 * np.exp(-t / 0.04)
    return np.sin(2 * np.pi * np.cumsum(freq) / RATE) * np.exp(-t / 0.18)


def snare(n: int, rng: np.random.Generator) -> np.ndarray:
    """A snare [n]: noise and a 190 Hz tone."""
    t = np.arange(n) / RATE
    return (0.6 * rng.standard_normal(n) + 0.4 * np.sin(2 * np.pi * 190 * t)) * np.exp(-t / 0.09)


def hat(n: int, rng: np.random.Generator) -> np.ndarray:
    """A hi-hat [n]: a short burst of high noise."""
    t = np.arange(n) / RATE
    return np.diff(rng.standard_normal(n + 1)) * np.exp(-t / 0.02)


def pad(notes: tuple, n: int) -> np.ndarray:
    """A soft chord (3 harmonics, falling off fast) with the root doubled an octave down."""
    t = np.arange(n) / RATE
    out = np.zeros(n)
    for note in (*notes, notes[0], notes[0] - 12):
        for h in range(1, 4):
            out += np.sin(2 * np.pi * hz(note) * h * t) / h ** 2
    fade = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.05)
    return out * fade / 6


def beat() -> np.ndarray:
    """The whole track, float [N] in [-0.9, 0.9]."""
    rng = np.random.default_rng(2024)
    x = np.zeros(round(SECONDS * RATE))
    hit = round(0.45 * RATE)
    for i in range(int(SECONDS / BEAT)):
        at = round(i * BEAT * RATE)
        if not 6.0 <= i * BEAT < 7.0:
            x[at:at + hit] += 0.9 * kick(hit)[:len(x) - at]
        if i % 2 == 1:
            x[at:at + hit] += 0.5 * snare(hit, rng)[:len(x) - at]
        off = at + round(BEAT / 2 * RATE)
        x[off:off + hit] += 0.12 * hat(hit, rng)[:max(0, len(x) - off)]
    bar = round(2.0 * RATE)
    for k, notes in enumerate(CHORDS):
        x[k * bar:(k + 1) * bar] += (0.15 + 0.12 * k) * pad(notes, bar)
    return 0.9 * x / np.abs(x).max()


def main(target: str) -> None:
    """Write the beat to `target` as OGG."""
    from gandsl.data.audio import ffmpeg, write_wav

    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "beat.wav"
        write_wav(beat().astype(np.float32), RATE, wav)
        subprocess.run([ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(wav),
                        "-c:a", "libvorbis", "-q:a", "4", "-map_metadata", "-1",
                        "-fflags", "+bitexact", target], check=True)
    print(f"{target}: {Path(target).stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "beat.ogg")
