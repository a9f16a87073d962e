"""Music videos: sound files decoded, envelopes in sync with frames, react walks, muxed MP4s."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from gandsl.context import RunContext
from gandsl.data.audio import RATE, AudioError, decode, load_sound, save_sound, write_wav
from gandsl.errors import NodeFailed
from gandsl.lang.values import Duration, Size
from gandsl.ops.registry import get_op
from gandsl.render.envelopes import envelopes
from gandsl.render.mp4box import track_seconds
from gandsl.render.react import class_weights, load_react, pulse_curve, save_react
from tiny_trained import TinyTrained

torch.set_num_threads(1)
BEATS = [0.0, 0.5, 1.013, 1.52, 2.27, 3.0]


def click_track(beats: list[float], seconds: float, tone: float = 0.0) -> np.ndarray:
    """Decaying noise bursts at `beats` seconds over an optional quiet sine `tone` (Hz)."""
    t = np.arange(round(seconds * RATE)) / RATE
    x = (0.1 * np.sin(2 * np.pi * tone * t) if tone else np.zeros_like(t)).astype(np.float32)
    burst = np.random.default_rng(0).standard_normal(2000) * np.exp(-np.arange(2000) / 300)
    for b in beats:
        i = round(b * RATE)
        x[i:i + 2000] += 0.7 * burst[:len(x[i:i + 2000])].astype(np.float32)
    return x


@pytest.fixture(scope="module")
def beat(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("music") / "beat.wav"
    write_wav(click_track(BEATS, 4.0, tone=440.0), RATE, path)
    return path


def sound_of(path: Path, tmp: Path, **params):
    return get_op("data", "audio").run(RunContext(node="a", tmp_dir=tmp), {"path": str(path), **params}, {})


def test_decode_cuts_and_round_trips(beat, tmp_path):
    sound = sound_of(beat, tmp_path / "a", start=Duration(1.0), duration=Duration(2.0))
    assert sound.rate == RATE and len(sound.samples) == 2 * RATE
    assert sound.track is not None and sound.track.stat().st_size > 1000
    (tmp_path / "s").mkdir()
    save_sound(sound, tmp_path / "s")
    back = load_sound(tmp_path / "s")
    assert np.array_equal(back.samples, sound.samples) and back.track.name == "sound.flac"
    assert len(back.clip(3.0)) == 3 * RATE and not back.clip(3.0)[2 * RATE:].any()


@pytest.mark.parametrize("content, code", [(b"RIFF not a wave at all", "E360"), (b"", "E360")])
def test_corrupt_or_empty_files_are_clear_errors(tmp_path, content, code):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(content)
    with pytest.raises(NodeFailed) as info:
        sound_of(bad, tmp_path)
    assert info.value.diagnostics[0].code == code and "bad.wav" in str(info.value)


def test_silent_start_and_overlong_files(beat, tmp_path):
    with pytest.raises(AudioError) as info:
        decode(beat, start=10.0)
    assert info.value.code == "E360" and "after 10 s" in str(info.value)
    with pytest.raises(AudioError) as info:
        decode(beat, limit=2.0)
    assert info.value.code == "E361"


@pytest.mark.parametrize("fps", [24.0, 30.0, 60.0, 12.5, 29.97])
def test_onsets_land_on_the_frame_of_each_beat(fps):
    x = click_track(BEATS, 4.0)
    n = round(4.0 * fps)
    env = envelopes(x, RATE, n, fps, 0.1)
    assert all(len(v) == n for v in env.scalars().values()) and env.chroma.shape == (n, 12)
    hits = np.flatnonzero(env.onset > 0.5)
    assert len(hits) == len(BEATS)
    for b, hit in zip(BEATS, hits):  # frame shown from 5 ms before to 20 ms after the beat
        assert int((b - 0.005) * fps) <= hit <= int((b + 0.02) * fps)


def test_chroma_finds_the_pitch_and_picks_its_class():
    t = np.arange(2 * RATE) / RATE
    env = envelopes((0.5 * np.sin(2 * np.pi * 440.0 * t)).astype(np.float32), RATE, 48, 24.0, 0.1)
    assert (env.chroma.argmax(axis=1) == 9).all()  # A
    weights = class_weights(env.chroma, list(range(4)), 4)  # 12 pitch classes onto 4 classes
    assert np.allclose(weights.sum(axis=1), 1) and (weights.argmax(axis=1) == 1).all()  # 9 % 4


def test_a_kick_decays_by_half_every_decay_seconds():
    onset = np.zeros(48)
    onset[0] = 1.0
    kick = pulse_curve(onset, 24.0, 0.25)
    assert kick[6] == pytest.approx(0.5) and kick[12] == pytest.approx(0.25)


def react(sound, **params):
    trained = TinyTrained(latent=8, resolution=16, channels=3)
    base = {"fps": 24.0, "grid": Size(1, 1)}
    return get_op("walk", "react").run(RunContext(node="w"), {**base, **params},
                                       {"from": trained, "audio": sound})


def frame_change(frames: np.ndarray) -> np.ndarray:
    d = np.abs(np.diff(frames.astype(np.float32), axis=0)).mean(axis=(1, 2, 3))
    return np.concatenate([[0.0], d])


def test_react_lasts_as_long_as_the_sound_and_kicks_on_beats(beat, tmp_path):
    sound = sound_of(beat, tmp_path)
    clip = react(sound)
    assert clip.frames.shape[0] == 96 and clip.fps == 24.0
    change = frame_change(clip.frames)
    near = np.zeros(len(change), bool)
    for b in BEATS[1:]:
        k = int(b * 24)
        near[k - 2:k + 3] = True
    assert change[near].mean() >= 2 * change[~near].mean()
    assert react(sound, duration=Duration(2.0)).frames.shape[0] == 48
    assert np.array_equal(react(sound).frames, clip.frames)  # same recipe, same bytes


def test_react_clips_keep_their_envelopes(beat, tmp_path):
    clip = react(sound_of(beat, tmp_path), frames=12)
    save_react(clip, tmp_path / "w")
    back = load_react(tmp_path / "w")
    assert np.array_equal(back.frames, clip.frames)
    assert set(back.envelopes) == {"onset", "kick", "loudness", "harmonic", "pitch"}
    png = get_op("render", "plot").run(RunContext(node="p", tmp_dir=tmp_path / "p"), {},
                                       {"from": back})
    assert png.stat().st_size > 10_000


@pytest.mark.parametrize("fps, frames", [(24.0, 96), (29.97, 37), (7.0, 20)])
def test_mp4_sound_lasts_as_long_as_the_video(beat, tmp_path, fps, frames):
    from gandsl.render.clip import Clip

    clip = Clip(np.random.default_rng(0).integers(0, 255, (frames, 16, 16, 3), dtype=np.uint8), fps)
    ctx = RunContext(node="r", tmp_dir=tmp_path / "r", recipe_meta={"gandsl": 1, "main": "a.gan",
                                                                      "sources": {}, "params": {}})
    path = get_op("render", "mp4").run(ctx, {"scale": 1, "filter": "nearest", "quality": 5},
                                       {"frames": clip, "audio": sound_of(beat, tmp_path)})
    seconds = track_seconds(path)
    assert abs(seconds["vide"] - frames / fps) < 1e-3
    assert abs(seconds["soun"] - seconds["vide"]) < 1 / fps


@pytest.fixture(scope="module")
def conditional():
    from gandsl.gan.checkpoint import Trained
    from gandsl.gan.models import build

    spec = {"arch": "dcgan", "latent": 8, "width": 8, "resolution": 16, "channels": 1,
            "classes": 4, "class_names": ["A", "B", "C", "D"]}
    torch.manual_seed(0)
    g, _ = build(spec)
    for p in g.parameters():  # strong class gains, so every class looks different
        torch.nn.init.normal_(p, 0, 0.4) if p.dim() > 1 else None
    return Trained({"G." + k: v for k, v in g.eval().state_dict().items()}, {"model": spec, "step": 0})


def test_the_dominant_pitch_picks_the_class(conditional, tmp_path):
    from gandsl.data.audio import Sound

    t = np.arange(2 * RATE) / RATE
    a_tone = Sound((0.5 * np.sin(2 * np.pi * 440.0 * t)).astype(np.float32))  # pitch class A = 9

    def walk(**params):
        return get_op("walk", "react").run(RunContext(node="w"), {"fps": 12.0, **params},
                                           {"from": conditional, "audio": a_tone}).frames

    def gap(a, b):
        return float(np.abs(a.astype(float) - b.astype(float)).mean())

    by_pitch = walk()
    assert gap(by_pitch, walk(**{"class": "B"})) < 0.5 < gap(by_pitch, walk(**{"class": "A"}))
    assert gap(walk(classes=["D"]), walk(**{"class": "D"})) < 0.5  # every pitch class onto D
    assert gap(walk(pitch=False), by_pitch) > 0.5  # without pitch: cell i shows class i mod k


def test_a_remix_of_the_music_video_brings_its_sound(tmp_path):
    from gandsl.gallery.remix import remix

    entry = Path(__file__).resolve().parents[1] / "gallery" / "music-video"
    target, _ = remix(entry, tmp_path / "mine.gan")
    assert (tmp_path / "beat.ogg").read_bytes() == (entry / "beat.ogg").read_bytes()


def test_check_reads_the_sound_length_for_shapes_and_limits(beat, tmp_path, monkeypatch):
    import gandsl.ops.data_audio as data_audio
    from gandsl.engine.budget import shapes_of
    from gandsl.engine.session import load_recipe
    from gandsl.errors import RecipeError

    recipe = tmp_path / "mv.gan"
    recipe.write_text(f'''data music = audio {{ path = "{beat}"  start = 1s }}
data digits = digits {{ size = 16 }}
model net = dcgan {{ latent = 8  width = 8 }}
train run = gan {{ model = net  data = digits  steps = 5 }}
walk v = react {{ from = run  audio = music  fps = 30 }}
''')
    assert shapes_of(load_recipe(recipe)).of("v").n == 90  # 3 s of a 4 s file, at 30 fps
    monkeypatch.setattr(data_audio, "MAX_SECONDS", 1.0)
    with pytest.raises(RecipeError) as info:
        load_recipe(recipe)
    assert info.value.diagnostics[0].code == "E054"


E2E = """gandsl 1
data digits = digits { size = 16  count = 64 }
model net = dcgan { latent = 8  width = 8 }
train run = gan { model = net  data = digits  steps = 3  batch = 16 }
data music = audio { path = "beat.wav"  start = 500ms }
walk v = react { from = run  audio = music  fps = 30 }
upscale big = resize { frames = v  factor = 2 }
render movie = mp4 { frames = big  audio = music  fps = 25 }
render curves = plot { from = v }
"""


@pytest.mark.slow
def test_a_music_video_runs_replays_and_stays_in_sync(beat, tmp_path):
    from click.testing import CliRunner

    from gandsl.cli.main import group

    (tmp_path / "beat.wav").write_bytes(beat.read_bytes())
    (tmp_path / "mv.gan").write_text(E2E)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    first = CliRunner().invoke(group, ["run", str(tmp_path / "mv.gan"), "--out", str(tmp_path / "a"), *cache])
    assert first.exit_code == 0, first.output
    movie = tmp_path / "a" / "movie.mp4"
    seconds = track_seconds(movie)
    assert seconds["vide"] == pytest.approx(3.5, abs=1 / 25)  # 3.5 s from 500 ms, retimed to 25 fps
    assert abs(seconds["soun"] - seconds["vide"]) < 1 / 25
    assert (tmp_path / "a" / "curves.png").stat().st_size > 10_000
    again = CliRunner().invoke(group, ["run", str(movie), "--root", str(tmp_path), "--out",
                                       str(tmp_path / "b"), "--force", "movie", *cache])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "b" / "movie.mp4").read_bytes() == movie.read_bytes()


def test_the_gallery_site_shows_the_music_video_with_sound(tmp_path):
    from click.testing import CliRunner

    from gandsl.cli.main import group

    gallery = Path(__file__).resolve().parents[1] / "gallery"
    result = CliRunner().invoke(group, ["gallery", "build", str(gallery), "-o", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "s" / "music-video" / "index.html").read_text()
    assert '<video src="video.mp4" controls' in page
    assert track_seconds(tmp_path / "s" / "music-video" / "video.mp4") == {"vide": 8.0, "soun": 8.0}
