"""data op `audio`: a sound file (WAV, FLAC, OGG, MP3) decoded to mono float for `react` walks
and the sound track of `mp4` renders. Its value is a sound, not images (lang/check_sound.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.context import RunContext

EXTENSIONS = (".wav", ".flac", ".ogg", ".mp3")

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
        ctx.warn(f"data {ctx.node}: `{path.name}` is silent there; a react walk will barely move")
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
    if not path.is_file():
        what = "is a folder, not a file" if path.exists() else "does not exist"
        problems.append(Problem("E050", f"sound file `{path.name}` {what}", "path", what,
                                "paths are relative to the recipe's folder"))
    elif path.suffix.lower() not in EXTENSIONS:
        problems.append(Problem("E050", f"`{path.name}` is not a WAV, FLAC, OGG or MP3 file",
                                "path", "unknown sound format",
                                "convert it to .wav, .flac, .ogg or .mp3"))
    return problems

