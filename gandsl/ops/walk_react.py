"""walk op `react`: a music video: a sound drives a looping walk (loudness its speed, onsets
kicks, the dominant pitch class the class of a conditional model)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from gandsl.spec import OpSpec, ParamSpec
from gandsl.ops.common_walk import WALK_PARAMS, walk_shape
from gandsl.context import RunContext

if TYPE_CHECKING:
    from gandsl.render.clip import Clip

SPEC = OpSpec(
    stage="walk",
    name="react",
    version=3,
    help="a walk driven by a sound: loudness sets its speed, onsets kick it, pitch picks the class",
    params=(
        *(p for p in WALK_PARAMS if p.name not in ("duration", "ease")),
        ParamSpec("audio", "node", help="the sound: a `data NAME = audio { path = ... }` node",
                  stages=("data",), sound=True),
        ParamSpec("duration", "duration", None, "length of the walk (default: the sound's)"),
        ParamSpec("pulse", "float", 1.0, "how far an onset (a kick, a snare) pushes the latent; "
                  "0: no kicks", lo=0.0, hi=10.0),
        ParamSpec("decay", "float", 0.15, "seconds in which a kick's push halves", lo=0.01, hi=10.0),
        ParamSpec("motion", "float", 1.0, "how much loudness and harmonic energy speed up the "
                  "path; 0: an even pace", lo=0.0, hi=20.0),
        ParamSpec("pace", "float", 12.0, "latent keyframes the loop passes per minute, on "
                  "average", lo=0.5, hi=600.0),
        ParamSpec("smooth", "float", 0.1, "seconds over which loudness, harmonics and chroma are "
                  "smoothed (onsets stay sharp)", lo=0.0, hi=10.0),
        ParamSpec("swell", "float", 0.0, "how much truncation follows loudness: 1 calms the "
                  "picture to the mean image in silence", lo=0.0, hi=1.0),
        ParamSpec("pitch", "bool", True, "on a conditional model, the dominant pitch class picks "
                  "the class (unless `class` is set)"),
        ParamSpec("classes", "list", [], "the classes the 12 pitch classes C, C#, .. B map onto, "
                  "in turn (empty: pitch class p is class p mod the class count)", item="class"),
    ),
)


def shape(params: dict[str, Any], shapes: Any) -> Any:
    """A walk's frames; without `frames` or `duration` as many as the sound lasts (its header
    read at check time: for the budget; None when unknown)."""
    from dataclasses import replace

    from gandsl.lang.values import frame_count

    found = walk_shape(params, shapes)
    if found is None or params.get("frames") or params.get("duration") is not None:
        return found
    sound = shapes.node(params.get("audio"))
    fn = shapes.hook(sound, "seconds") if sound is not None else None
    length = fn(sound.params) if fn is not None else None
    return replace(found, n=frame_count(0, length, params["fps"]) if length else None)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Clip:
    """Frames along the sound-driven path, with the envelopes that drove them."""
    from gandsl.lang.values import Duration, frame_count
    from gandsl.render.envelopes import envelopes
    from gandsl.render.react import ReactClip, drive, pulse_curve
    from gandsl.render.walk import run_walk

    p, sound = dict(params), inputs["audio"]
    fps = float(p["fps"])
    if p["duration"] is None:
        p["duration"] = Duration(sound.seconds)
    n = frame_count(int(p["frames"]), p["duration"], fps)
    env = envelopes(sound.clip(n / fps), sound.rate, n, fps, float(p["smooth"]))
    kick = pulse_curve(env.onset, fps, float(p["decay"]))
    moving = drive(env.loudness, env.harmonic)
    path, embeds = _path(p, env, kick, moving, n / fps), _embeds(ctx, p, inputs["from"], env)
    clip = run_walk(ctx, p, inputs["from"], path, embeds)
    curves = {"onset": env.onset, "kick": kick, "loudness": env.loudness,
              "harmonic": env.harmonic, "pitch": env.chroma.argmax(axis=1).astype(float)}
    return ReactClip(clip.frames, clip.fps, curves)


def _path(p: dict[str, Any], env: Any, kick: Any, moving: Any, seconds: float) -> Any:
    """The path function run_walk calls: speed from `moving`, kicks, truncation by loudness."""
    from gandsl.render.react import react_path, speed_phases

    keys = max(3, round(float(p["pace"]) * seconds / 60.0))
    swell = float(p["swell"])

    def path(n: int, cells: int, latent: int) -> Any:
        """Latents [n, cells, latent] (n is the envelopes' frame count)."""
        u = speed_phases(moving, float(p["motion"]))
        z = react_path(int(p["seed"]), cells, latent, u, keys, float(p["pulse"]) * kick)
        return z * (1.0 - swell + swell * env.loudness)[:, None, None]  # [n, cells, latent]

    return path


def _embeds(ctx: RunContext, p: dict[str, Any], trained: Any, env: Any) -> Any:
    """Class embeddings from the chroma on a conditional model (None: `class` or no classes)."""
    from gandsl.gan.conditional import class_embeddings, class_names, resolve_class
    from gandsl.render.react import class_weights

    names = class_names(trained)
    if not names or p.get("class") is not None or not p["pitch"]:
        return None
    mapping = [resolve_class(c, names, ctx.node) for c in p["classes"]] or list(range(len(names)))
    mapping = [m % len(names) for m in mapping]

    def embeds(n: int, cells: int) -> Any:
        """The chroma's blend of class embeddings, the same in every cell."""
        e = class_weights(env.chroma, mapping, len(names)) @ class_embeddings(trained)  # [n, E]
        return e[:, None, :].repeat(cells, axis=1)  # [n, cells, E]

    return embeds


def save(value: Any, path: Path) -> None:
    """Store the frames and the envelopes."""
    from gandsl.render.react import save_react

    save_react(value, path)


def load(path: Path) -> Any:
    """The frames and envelopes back."""
    from gandsl.render.react import load_react

    return load_react(path)
