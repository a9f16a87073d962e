"""Music videos: sync of sound and video in the muxed MP4, beat response, render speed.

    python bench/audio.py [sync] [beats] [speed] [--seconds 180] [--threads 2]

sync:  for several fps and sound sample rates, the video and sound durations of the MP4 that
       `render mp4 { audio = ... }` writes, read back from its boxes (what ffprobe reports).
beats: a click track with known beats (120 bpm plus off-grid hits) drives a `react` walk of an
       untrained 64 px DCGAN, then (through `gandsl run`) of a DCGAN trained `--steps` steps on
       digits; mean frame change within +-2 frames of each beat vs elsewhere.
speed: a song of `--seconds` (the shipped beat, looped) -> decode, react walk at 24 fps of an
       untrained DCGAN (width 32) of `--resolution` px, `upscale resize` to 256 px, mp4 with sound.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gandsl.context import RunContext  # noqa: E402
from gandsl.data.audio import write_wav  # noqa: E402
from gandsl.lang.values import Duration, Size  # noqa: E402
from gandsl.ops.registry import get_op  # noqa: E402
from gandsl.render.clip import Clip  # noqa: E402
from gandsl.render.mp4box import track_seconds  # noqa: E402
from gandsl.render.plot_react import frame_change  # noqa: E402
from render import SPEC, BenchTrained  # noqa: E402 (bench/render.py: the same DCGAN)



class Untrained(BenchTrained):
    """bench/render.py's untrained DCGAN (latent 64, width 32) at `resolution` px."""

    def __init__(self, resolution: int = 64) -> None:
        from gandsl.gan.models import build_generator

        torch.manual_seed(0)
        self.model = build_generator({**SPEC, "resolution": resolution}).eval()


META = {"gandsl": 1, "main": "bench.gan", "sources": {}, "params": {}}


def click_track(beats: np.ndarray, seconds: float, rate: int) -> np.ndarray:
    """Decaying noise bursts at `beats` seconds, float [N]."""
    x = np.zeros(round(seconds * rate), dtype=np.float32)
    burst = (np.random.default_rng(0).standard_normal(rate // 10)
             * np.exp(-np.arange(rate // 10) / (rate / 70))).astype(np.float32)
    for b in beats:
        i = round(b * rate)
        x[i:i + len(burst)] += 0.7 * burst[:len(x[i:i + len(burst)])]
    return x


def sound(path: Path, tmp: Path) -> object:
    """The `audio` data op's value for a file."""
    return get_op("data", "audio").run(RunContext(node="a", tmp_dir=tmp), {"path": str(path)}, {})


def mp4(clip: Clip, music: object, tmp: Path) -> Path:
    """The `mp4` render op's file for a clip with sound."""
    ctx = RunContext(node="r", tmp_dir=tmp, recipe_meta=META)
    return get_op("render", "mp4").run(ctx, {"scale": 1, "filter": "nearest", "quality": 8},
                                       {"frames": clip, "audio": music})


def sync(tmp: Path) -> None:
    """One row per fps: the worst gap over 4 sound rates and 2 lengths."""
    gaps: dict[float, list[float]] = {}
    for rate in (8000, 22050, 44100, 48000):
        for seconds in (3.0, 7.31):
            wav = tmp / f"s{rate}.wav"
            write_wav(click_track(np.arange(0, seconds, 0.5), seconds, rate), rate, wav)
            music = sound(wav, tmp / f"a{rate}")
            for fps in (12.0, 23.976, 24.0, 25.0, 29.97, 30.0, 60.0):
                n = round(seconds * fps)
                frames = np.zeros((n, 16, 16, 3), dtype=np.uint8)
                got = track_seconds(mp4(Clip(frames, fps), music, tmp / "r"))
                assert abs(got["vide"] - n / fps) < 1e-3, got
                gaps.setdefault(fps, []).append(abs(got["vide"] - got["soun"]) * fps)
    print("| fps | MP4s (rates 8000, 22050, 44100, 48000 Hz; 3 s and 7.31 s) | worst gap |")
    print("|---|---|---|")
    for fps, found in gaps.items():
        print(f"| {fps:g} | {len(found)} | {max(found):.4f} frames |")


def beats(tmp: Path, threads: int, steps: int) -> None:
    """Beat response of react walks on a click track with known beats."""
    torch.set_num_threads(threads)
    grid = np.arange(0.0, 20.0, 0.5)
    extra = np.array([3.23, 7.71, 11.37, 15.9])  # off the grid
    hits = np.sort(np.concatenate([grid, extra]))
    write_wav(click_track(hits, 20.0, 22050), 22050, tmp / "clicks.wav")
    music = sound(tmp / "clicks.wav", tmp / "a")
    for fps in (24.0, 30.0):
        clip = get_op("walk", "react").run(RunContext(node="w"), {"fps": fps, "grid": Size(1, 1)},
                                           {"from": Untrained(), "audio": music})
        report(frame_change(clip.frames), hits, fps, "untrained 64 px DCGAN")
    if steps:
        beats_trained(tmp, steps, hits)


RECIPE = """gandsl 1
data digits = digits { size = 32 }
model net = dcgan { latent = 64  width = 32 }
train run = gan { model = net  data = digits  steps = STEPS  seed = 7 }
data music = audio { path = "clicks.wav" }
walk v = react { from = run  audio = music  fps = FPS  seed = 7 }
render png = frames { frames = v }
"""


def beats_trained(tmp: Path, steps: int, hits: np.ndarray) -> None:
    """The same measure through `gandsl run` with a DCGAN trained `steps` steps on digits."""
    import subprocess

    from PIL import Image

    for fps in (24.0, 30.0):
        recipe = tmp / "beats.gan"
        recipe.write_text(RECIPE.replace("STEPS", str(steps)).replace("FPS", f"{fps:g}"))
        subprocess.run([sys.executable, "-m", "gandsl", "run", str(recipe), "--out",
                        str(tmp / "out")], check=True, capture_output=True)
        pngs = sorted((tmp / "out" / "png").glob("*.png"))
        frames = np.stack([np.asarray(Image.open(p)) for p in pngs])
        report(frame_change(frames), hits, fps, f"trained {steps} steps")


def report(change: np.ndarray, hits: np.ndarray, fps: float, what: str) -> None:
    """Print the mean frame change near the beats (+-2 frames) over that elsewhere."""
    near = np.zeros(len(change), bool)
    for b in hits[1:]:
        k = int(b * fps)
        near[max(0, k - 2):k + 3] = True
    ratio = change[near].mean() / change[~near].mean()
    print(f"{what}, fps {fps:g}: {len(hits)} beats, mean frame change {change[near].mean():.2f} "
          f"near a beat, {change[~near].mean():.2f} elsewhere: {ratio:.2f}x (goal >= 2x)")


def speed(tmp: Path, seconds: float, threads: int, resolution: int) -> None:
    """Time a whole music video of a `seconds` long song at 24 fps, 256 px."""
    torch.set_num_threads(threads)
    from make_beat import RATE, beat

    song = np.tile(beat(), int(np.ceil(seconds / 8.0)))[:round(seconds * RATE)]
    wav = tmp / "song.wav"
    write_wav(song.astype(np.float32), RATE, wav)
    t0 = time.perf_counter()
    music = sound(wav, tmp / "a")
    t1 = time.perf_counter()
    clip = get_op("walk", "react").run(RunContext(node="w"), {"fps": 24.0, "grid": Size(1, 1),
                                                              "duration": Duration(seconds)},
                                       {"from": Untrained(resolution), "audio": music})
    t2 = time.perf_counter()
    factor = 256 // resolution
    big = get_op("upscale", "resize").run(RunContext(node="u"), {"factor": factor},
                                          {"frames": clip})
    t3 = time.perf_counter()
    out = mp4(big, music, tmp / "r")
    t4 = time.perf_counter()
    total = t4 - t0
    print(f"{seconds:g} s song, {len(clip.frames)} frames of {big.frames.shape[2]}x"
          f"{big.frames.shape[1]}: decode {t1 - t0:.1f} s, react walk ({resolution} px DCGAN) "
          f"{t2 - t1:.1f} s, resize x{factor} {t3 - t2:.1f} s, mp4 {t4 - t3:.1f} s "
          f"({out.stat().st_size / 1e6:.1f} MB); total {total:.1f} s = {total / seconds:.2f}x "
          "the song's length (goal < 1)")


def main() -> None:
    """Run the parts asked for."""
    parser = argparse.ArgumentParser()
    parser.add_argument("parts", nargs="*", default=["sync", "beats", "speed"])
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--resolution", type=int, default=64, choices=(64, 128),
                        help="speed: the generator's side (resized to 256 px)")
    parser.add_argument("--steps", type=int, default=300, help="beats: also a DCGAN trained "
                        "this many steps through `gandsl run` (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for part in args.parts:
            print(f"## {part}")
            if part == "sync":
                sync(Path(tmp))
            elif part == "beats":
                beats(Path(tmp), args.threads, args.steps)
            else:
                speed(Path(tmp), args.seconds, args.threads, args.resolution)


if __name__ == "__main__":
    main()
