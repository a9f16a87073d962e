"""data op `audio`: a sound file (WAV, FLAC, OGG, MP3) decoded to mono float for `react` walks
and the sound track of `mp4` renders. Its value is a sound, not images (lang/check_sound.py)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.context import RunContext

EXTENSIONS = (".wav", ".flac", ".ogg", ".mp3")
MAX_SECONDS = 1200.0  # data/audio.py's limit (20 minutes), known here without numpy

SPEC = OpSpec(
    stage="data",
    name="audio",
    version=1,
    help="a sound file (WAV, FLAC, OGG or MP3) decoded to mono, for `react` walks and `mp4` sound",
    params=(
        ParamSpec("path", "path", help="the sound file, relative to the recipe"),
        ParamSpec("start", "duration", None, "where the clip starts in the file (default: 0s)"),
        ParamSpec("duration", "duration", None, "length of the clip (default: to the end, at most "
                  "20 minutes)"),
    ),
    sound=True,
)


def _seconds(value: Any) -> float | None:
    return None if value is None else float(value.seconds)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """The clip's samples, mono float32 at 22050 Hz (E360 unreadable or empty, E361 too long)."""
    from gandsl.data.audio import AudioError, decode
    from gandsl.errors import NodeFailed

    path = Path(params["path"])
    ctx.tmp_dir.mkdir(parents=True, exist_ok=True)
    try:
        sound = decode(path, _seconds(params["start"]) or 0.0, _seconds(params["duration"]),
                       track=ctx.tmp_dir / "sound.flac")
    except AudioError as err:
        raise NodeFailed(f"data {ctx.node}: {err}", code=err.code,
                         help="convert it with any audio editor to WAV, FLAC, OGG or MP3, or "
                         "cut a clip with `start` and `duration`") from None
    if float(abs(sound.samples).max()) < 1e-4:
        ctx.warn(f"`{path.name}` is silent there; a react walk will barely move")
    return sound


def save(value: Any, path: Path) -> None:
    """Store the sound (sound.npy + sound.json)."""
    from gandsl.data.audio import save_sound

    save_sound(value, path)


def load(path: Path) -> Any:
    """The sound back."""
    from gandsl.data.audio import load_sound

    return load_sound(path)


def files(params: dict[str, Any]) -> list[Path]:
    """The sound file (its content is part of the key)."""
    return [Path(params["path"])]


def check(params: dict[str, Any], upstream: dict[str, Any]) -> list:
    """A missing file, an unknown extension or a time in frames is a check error."""
    from gandsl.lang.check_nodes import Problem
    from gandsl.lang.values import Frames

    problems = []
    for key in ("start", "duration"):
        if isinstance(params.get(key), Frames):
            problems.append(Problem("E050", f"`{key}` of a sound is a time in seconds, not frames",
                                    key, "frames", f"write e.g. `{key} = 8s`"))
    path = Path(params["path"])
    length = seconds(params) if path.is_file() else None
    if length is not None and length > MAX_SECONDS + 1.0:
        problems.append(Problem("E054", f"`{path.name}` lasts {length / 60:.1f} minutes here, "
                                f"over the limit of {MAX_SECONDS / 60:g}", "path", "too long",
                                "cut a clip with `start` and `duration`"))
    if not path.is_file():
        what = "is a folder, not a file" if path.exists() else "does not exist"
        problems.append(Problem("E050", f"sound file `{path.name}` {what}", "path", what,
                                "paths are relative to the recipe's folder"))
    elif path.suffix.lower() not in EXTENSIONS:
        problems.append(Problem("E050", f"`{path.name}` is not a WAV, FLAC, OGG or MP3 file",
                                "path", "unknown sound format",
                                "convert it to .wav, .flac, .ogg or .mp3"))
    return problems


def seconds(params: dict[str, Any]) -> float | None:
    """How long the clip lasts, from the file's header as ffmpeg reads it (no decoding; an MP3
    without a length tag is estimated), or None when unknown: for shapes and the budget."""
    path = Path(params["path"])
    try:
        stat = path.stat()
    except OSError:
        return None
    total = _header_seconds(str(path), stat.st_size, stat.st_mtime_ns)
    if total is None:
        return None
    start = _seconds(params.get("start")) or 0.0
    cut = _seconds(params.get("duration"))
    left = max(0.0, total - start)
    return min(left, cut) if cut is not None else left


@functools.lru_cache(maxsize=64)
def _header_seconds(path: str, size: int, mtime_ns: int) -> float | None:
    """`Duration: HH:MM:SS.ss` of `ffmpeg -i` (about 30 ms), remembered per file version."""
    import re
    import subprocess

    import imageio_ffmpeg

    done = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", path],
                          capture_output=True, timeout=20)
    found = re.search(rb"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)", done.stderr)
    if found is None:
        return None
    h, m, s = (float(x) for x in found.groups())
    return 3600 * h + 60 * m + s
