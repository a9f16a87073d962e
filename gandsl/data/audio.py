"""Sound files decoded by the ffmpeg imageio-ffmpeg ships: mono float32 at one fixed rate for
analysis, and the clip itself (stereo 48 kHz FLAC, lossless) for the sound track of videos.

A sound between stages is `sound.npy` (float32 [N], no pickle), `sound.json` (rate, seconds) and
`sound.flac`. Decoding WAV, FLAC, OGG and MP3 all goes through the same binary, so one file gives
the same samples on every machine with the same gandsl.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 22050  # samples per second of every decoded sound (analysis)
TRACK_RATE = 48000  # samples per second of the sound track muxed into videos
MAX_SECONDS = 1200.0  # 20 minutes: longer files are an error, not an hour of decoding (E361)
SOUND_FILE = "sound.npy"
INFO_FILE = "sound.json"
TRACK_FILE = "sound.flac"


class AudioError(ValueError):
    """A sound file that cannot be used: unreadable, empty or too long (`code` says which)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Sound:
    """Mono samples float32 [N] in [-1, 1] at `rate` samples per second."""

    samples: np.ndarray
    rate: int = RATE
    track: Path | None = None  # the clip as stereo TRACK_RATE FLAC, for the sound of videos

    @property
    def seconds(self) -> float:
        """The length in seconds."""
        return len(self.samples) / self.rate

    def clip(self, seconds: float) -> np.ndarray:
        """Exactly round(seconds * rate) samples: cut, or padded with silence."""
        n = max(0, round(seconds * self.rate))
        out = np.zeros(n, dtype=np.float32)  # [n]
        m = min(n, len(self.samples))
        out[:m] = self.samples[:m]
        return out


def ffmpeg() -> str:
    """The ffmpeg binary imageio-ffmpeg ships."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _cut(start: float, duration: float | None, limit: float) -> list[str]:
    """ffmpeg input options: from `start`, for `duration` (at most just past `limit`) seconds."""
    wanted = limit + 1.0 if duration is None else min(duration, limit + 1.0)
    return ["-ss", f"{start:.6f}", "-t", f"{wanted:.6f}"]


def decode(path: Path, start: float = 0.0, duration: float | None = None,
           limit: float = MAX_SECONDS, track: Path | None = None) -> Sound:
    """The file's sound from `start` for `duration` seconds (None: to the end), mono at RATE;
    with `track`, the same clip is also written there as stereo TRACK_RATE FLAC.

    AudioError E360 when ffmpeg cannot read it or it holds no sound there, E361 when the part
    asked for is longer than `limit` seconds (decoding stops just past the limit).
    """
    cmd = [ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin",
           *_cut(start, duration, limit), "-i", str(path), "-vn",
           "-ac", "1", "-ar", str(RATE), "-f", "f32le", "-c:a", "pcm_f32le", "pipe:1"]
    done = subprocess.run(cmd, capture_output=True)
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(f"cannot decode `{path.name}`: {why[-1] if why else 'ffmpeg failed'}", "E360")
    samples = np.frombuffer(done.stdout, dtype="<f4").astype(np.float32)  # [N]
    if len(samples) == 0:
        where = f" after {start:g} s" if start > 0 else ""
        raise AudioError(f"`{path.name}` holds no sound{where}", "E360")
    if len(samples) > round(limit * RATE):
        raise AudioError(f"`{path.name}` is longer than {limit:g} s", "E361")
    if not np.all(np.isfinite(samples)):
        raise AudioError(f"`{path.name}` decodes to non-finite samples", "E360")
    if track is not None:
        _write_track(path, start, duration, limit, track)
    return Sound(np.clip(samples, -1.0, 1.0), RATE, track)


def _write_track(path: Path, start: float, duration: float | None, limit: float,
                 track: Path) -> None:
    """The clip at full quality: stereo TRACK_RATE FLAC, reproducible (bitexact, no tags)."""
    cmd = [ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
           *_cut(start, duration, limit), "-i", str(path), "-vn", "-map_metadata", "-1",
           "-ac", "2", "-ar", str(TRACK_RATE), "-c:a", "flac", "-fflags", "+bitexact",
           "-flags:a", "+bitexact", str(track)]
    done = subprocess.run(cmd, capture_output=True)
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(f"cannot decode `{path.name}`: {why[-1] if why else 'ffmpeg failed'}", "E360")


def save_sound(sound: Sound, folder: Path) -> None:
    """Write sound.npy (allow_pickle=False) and sound.json."""
    folder = Path(folder)
    np.save(folder / SOUND_FILE, np.ascontiguousarray(sound.samples, dtype=np.float32),
            allow_pickle=False)
    info = {"rate": sound.rate, "samples": len(sound.samples), "seconds": sound.seconds}
    (folder / INFO_FILE).write_text(json.dumps(info, indent=1) + "\n")
    if sound.track is not None:
        shutil.copyfile(sound.track, folder / TRACK_FILE)


def load_sound(folder: Path) -> Sound:
    """The sound saved by save_sound."""
    folder = Path(folder)
    rate = int(json.loads((folder / INFO_FILE).read_text())["rate"])
    track = folder / TRACK_FILE
    return Sound(np.load(folder / SOUND_FILE, allow_pickle=False), rate,
                 track if track.exists() else None)


def write_wav(samples: np.ndarray, rate: int, path: Path) -> None:
    """16-bit PCM mono WAV of samples float [N] in [-1, 1] (stdlib `wave`)."""
    import wave

    pcm = np.round(np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")  # [N]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
