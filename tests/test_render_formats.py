"""Render ops: frame counts and sizes for every walk and format, scale, fps, reproducibility."""
from pathlib import Path

import numpy as np
import pytest
import torch

from gandsl.render.clip import Clip
from gandsl.context import RunContext
from gandsl.ops.registry import get_op
from tiny_trained import TinyTrained
from gandsl.lang.values import Size

torch.set_num_threads(1)
WALKS = ["slerp", "spline", "great_circle", "noise_loop"]
FORMATS = ["gif", "mp4", "webp", "frames"]
META = {"gandsl": 1, "main": "art.gan", "sources": {"art.gan": "# art\n"}, "params": {}}


def ctx(tmp_path: Path) -> RunContext:
    return RunContext(node="r", tmp_dir=tmp_path, recipe_meta=META)


def info(path: Path) -> tuple[int, tuple[int, int], float]:
    """Frame count, (width, height) and fps of a rendered file or frames folder."""
    if path.is_dir():
        from PIL import Image

        pngs = sorted(path.glob("*.png"))
        with Image.open(pngs[0]) as img:
            return len(pngs), img.size, 0.0
    if path.suffix == ".mp4":
        import imageio_ffmpeg

        reader = imageio_ffmpeg.read_frames(str(path))
        meta = next(reader)
        assert meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
        return sum(1 for _ in reader), tuple(meta["size"]), meta["fps"]
    from PIL import Image

    with Image.open(path) as img:
        assert img.info.get("loop") == 0
        total = 0
        for i in range(img.n_frames):
            img.seek(i)
            img.load()
            total += img.info["duration"]
        return img.n_frames, img.size, 1000 * img.n_frames / total


def render(fmt: str, clip: Clip, tmp_path: Path, **params) -> Path:
    return get_op("render", fmt).run(ctx(tmp_path), params, {"frames": clip})


@pytest.fixture(scope="module")
def clips():
    trained = TinyTrained(latent=8, resolution=16, channels=3)
    return {name: get_op("walk", name).run(RunContext(node="w"),
                                           {"frames": 6, "fps": 10.0, "grid": Size(2, 1)},
                                           {"from": trained}) for name in WALKS}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("walk", WALKS)
def test_every_walk_in_every_format(walk, fmt, clips, tmp_path):
    out = render(fmt, clips[walk], tmp_path, scale=2)
    count, size, fps = info(out)
    assert count == 6
    assert size == (2 * (2 * 16 + 1), 2 * 16)
    if fmt != "frames":
        assert fps == pytest.approx(10.0, rel=0.01)


@pytest.mark.parametrize("fmt", ["gif", "webp", "mp4"])
def test_fps_param_resamples_the_walk_in_time(fmt, clips, tmp_path):
    out = render(fmt, clips["slerp"], tmp_path, fps=25.0)
    count, _, fps = info(out)
    assert count / fps == pytest.approx(0.6, rel=0.02)  # 6 frames at 10 fps last 0.6 s, still
    if fmt == "mp4":  # GIF and WebP merge repeated frames into longer ones
        assert (count, fps) == (15, pytest.approx(25.0, rel=0.01))


def test_mp4_pads_odd_sizes_to_even(tmp_path):
    frames = np.random.default_rng(0).integers(0, 255, (3, 15, 21, 1), dtype=np.uint8)
    count, size, _ = info(render("mp4", Clip(frames, 8.0), tmp_path, scale=3))
    assert count == 3 and size == (64, 46)


def test_nearest_keeps_pixels_lanczos_smooths(clips, tmp_path):
    from PIL import Image

    clip = clips["great_circle"]
    near = render("frames", clip, tmp_path / "n", scale=4)
    smooth = render("frames", clip, tmp_path / "l", scale=4, filter="lanczos")
    a = np.asarray(Image.open(sorted(near.glob("*.png"))[0]))
    b = np.asarray(Image.open(sorted(smooth.glob("*.png"))[0]))
    assert np.array_equal(a[::4, ::4], clip.frames[0])
    assert a.shape == b.shape and not np.array_equal(a, b)


def test_gif_of_few_colours_is_exact(tmp_path):
    from PIL import Image

    frames = np.repeat(np.arange(0, 250, 10, dtype=np.uint8)[:, None, None, None], 4, 1)
    frames = np.repeat(np.repeat(frames, 4, 2), 3, 3)  # 25 grey frames, 4x4
    out = render("gif", Clip(frames, 10.0), tmp_path)
    with Image.open(out) as img:
        for i in range(img.n_frames):
            img.seek(i)
            assert np.array_equal(np.asarray(img.convert("RGB")), frames[i])


@pytest.mark.parametrize("fmt", FORMATS)
def test_rerender_is_byte_identical(fmt, clips, tmp_path):
    a = render(fmt, clips["noise_loop"], tmp_path / "a", scale=2)
    b = render(fmt, clips["noise_loop"], tmp_path / "b", scale=2)
    files_a = sorted(a.glob("*")) if a.is_dir() else [a]
    files_b = sorted(b.glob("*")) if b.is_dir() else [b]
    assert [f.read_bytes() for f in files_a] == [f.read_bytes() for f in files_b]


def test_store_roundtrip_keeps_one_artifact(clips, tmp_path):
    op = get_op("render", "gif")
    out = render("gif", clips["slerp"], tmp_path / "tmp")
    (tmp_path / "store").mkdir()
    op.save(out, tmp_path / "store")
    assert [p.name for p in (tmp_path / "store").iterdir()] == ["artifact.gif"]
    assert op.load(tmp_path / "store").read_bytes() == out.read_bytes()


def test_sheet_and_plot_are_pngs(tmp_path):
    from PIL import Image

    trained = TinyTrained(latent=8, resolution=16, channels=1)
    sheet = get_op("render", "sheet").run(ctx(tmp_path / "s"), {"grid": Size(4, 3), "scale": 2},
                                          {"from": trained})
    plot = get_op("render", "plot").run(ctx(tmp_path / "p"), {"smooth": 3}, {"from": trained})
    with Image.open(sheet) as img:
        assert img.size == (2 * (4 * 16 + 3), 2 * (3 * 16 + 2)) and img.mode == "L"
    with Image.open(plot) as img:
        assert img.format == "PNG" and img.size[0] > 300
    again = get_op("render", "plot").run(ctx(tmp_path / "q"), {"smooth": 3}, {"from": trained})
    assert again.read_bytes() == plot.read_bytes()


def test_moving_average_smooths():
    from gandsl.render.plot import moving_average

    np.testing.assert_allclose(moving_average([2, 4, 6, 8], 2), [2, 3, 5, 7])


def test_the_loss_plots_legend_never_covers_the_curves_and_a_full_ada_p_is_explained():
    from gandsl.render.plot import loss_plot

    values = list(np.linspace(0.5, 1.5, 300))
    fig = loss_plot({"d": values, "g": values[::-1]}, range(1, 301), 10, [min(1.0, i / 100) for i in range(300)])
    fig.canvas.draw()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent()
    assert legend.y1 <= ax.get_window_extent().y0  # below the axes
    assert any("ADA's p reached 1" in t.get_text() for t in fig.texts)


def test_a_gif_of_smooth_gradients_says_how_to_avoid_bands(tmp_path):
    from gandsl.ops import render_gif
    from gandsl.context import RunContext
    from gandsl.render.clip import Clip

    ramp = np.zeros((4, 64, 64, 3), np.uint8)
    ramp[..., 0] = np.arange(64)[None, :, None] * 2
    ramp[..., 1] = np.arange(64)[None, None, :] * 2  # 4096 colours in steps of 2: a smooth sky
    warnings: list[str] = []
    params = {p.name: p.default for p in render_gif.SPEC.params if not p.is_input and not p.required}
    ctx = RunContext(node="g", tmp_dir=tmp_path / "a", warn=warnings.append)
    render_gif.run(ctx, params, {"frames": Clip(ramp, 12.0)})
    assert any("dither = true" in w for w in warnings), warnings
    warnings.clear()
    ctx = RunContext(node="g", tmp_dir=tmp_path / "b", warn=warnings.append)
    render_gif.run(ctx, {**params, "dither": True}, {"frames": Clip(ramp, 12.0)})
    assert not warnings
