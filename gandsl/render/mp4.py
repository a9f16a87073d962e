"""H.264 MP4 files through the ffmpeg that imageio-ffmpeg ships, the recipe in `comment`.

Output is reproducible byte for byte: bitexact muxing and encoding, a fixed thread count, no
creation time, and the only metadata is the recipe.
"""
from __future__ import annotations

import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path

import numpy as np

from gandsl.render.tile import pad_even

X264_THREADS = "2"
AUDIO_RATE = 48000
AUDIO_BITRATE = "192k"
_SPECIAL = "=;#\\\n"


def crf_for(quality: int) -> int:
    """x264 constant rate factor for quality 0 (worst) .. 10 (best): 40 .. 12."""
    return round(40 - 2.8 * quality)


def _ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)


def sound_args(track: Path | None, seconds: float) -> list[str]:
    """ffmpeg options muxing `track` (input 2) as AAC cut or padded with silence to exactly
    `seconds`, so sound and video end together; none without a track."""
    if track is None:
        return []
    n = round(seconds * AUDIO_RATE)
    return ["-map", "2:a", "-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ar", str(AUDIO_RATE),
            "-af", f"apad=whole_len={n},atrim=end_sample={n}", "-flags:a", "+bitexact"]


def write_mp4(frames: np.ndarray, fps: float, path: Path, comment: str, quality: int = 8,
              track: Path | None = None) -> None:
    """Write RGB frames [n, H, W, 3] as H.264 yuv420p (padded to even size) with a comment,
    and `track` (a sound file) as AAC lasting exactly as long as the frames."""
    frames = np.ascontiguousarray(pad_even(frames))
    n, h, w, _ = frames.shape
    rate = Fraction(fps).limit_denominator(1001)
    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "meta.txt"
        meta.write_text(";FFMETADATA1\ncomment=" + _escape(comment) + "\n", encoding="utf-8")
        sound = ["-i", str(track)] if track is not None else []
        cmd = [_ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
               "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}",
               "-framerate", f"{rate.numerator}/{rate.denominator}", "-i", "pipe:0",
               "-f", "ffmetadata", "-i", str(meta), *sound, "-map", "0:v", "-map_metadata", "1",
               *sound_args(track, n * rate.denominator / rate.numerator),
               "-c:v", "libx264", "-preset", "medium", "-crf", str(crf_for(quality)),
               "-pix_fmt", "yuv420p", "-threads", X264_THREADS,
               "-fflags", "+bitexact", "-flags:v", "+bitexact", "-movflags", "+faststart",
               "-f", "mp4", str(path)]
        done = subprocess.run(cmd, input=frames.tobytes(), capture_output=True)
    if done.returncode != 0:
        raise RuntimeError("ffmpeg failed: " + done.stderr.decode("utf-8", "replace")[-2000:])


def read_comment(path: Path) -> str | None:
    """The `comment` tag of a video file, or None."""
    cmd = [_ffmpeg(), "-hide_banner", "-loglevel", "error", "-i", str(path),
           "-f", "ffmetadata", "pipe:1"]
    done = subprocess.run(cmd, capture_output=True)
    if done.returncode != 0:
        raise ValueError(done.stderr.decode("utf-8", "replace").strip()[-500:] or "ffmpeg failed")
    return parse_ffmetadata(done.stdout.decode("utf-8", "replace")).get("comment")


def parse_ffmetadata(text: str) -> dict[str, str]:
    """Global key=value entries of an ffmetadata file (backslash escapes honoured)."""
    entries: dict[str, str] = {}
    key, buf, escaped = None, [], False
    for ch in text.split("\n", 1)[1] if "\n" in text else "":
        if escaped:
            buf.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "=" and key is None:
            key, buf = "".join(buf), []
        elif ch == "\n":
            if key is not None:
                entries.setdefault(key, "".join(buf))
            key, buf = None, []
        else:
            buf.append(ch)
    if key is not None:
        entries.setdefault(key, "".join(buf))
    return entries
