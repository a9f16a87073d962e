"""Loss curves of a training run drawn with matplotlib (Agg, no display) into an RGB array."""
from __future__ import annotations

import io
from typing import Sequence

import numpy as np

COLOURS = {"g": "tab:blue", "d": "tab:orange"}
LABELS = {"g": "generator", "d": "discriminator"}


def moving_average(values: Sequence[float], window: int) -> np.ndarray:
    """Trailing moving average; the first points average what is there so far."""
    x = np.asarray(values, dtype=np.float64)
    if len(x) == 0:
        return x
    sums = np.cumsum(np.insert(x, 0, 0.0))
    idx = np.arange(1, len(x) + 1)
    start = np.maximum(0, idx - window)
    return (sums[idx] - sums[start]) / (idx - start)


def loss_figure(losses: dict[str, list[float]], steps: Sequence[int], smooth: int,
                augment_p: Sequence[float] = (), quality: Sequence[tuple[int, float]] = (),
                rates: Sequence[float] = (), norms: Sequence[tuple[int, float, float]] = ()) -> np.ndarray:
    """An RGB image [H, W, 3] of raw (faint) and smoothed loss curves, ADA's p on a right axis and,
    when the run estimated it, the quality (SWD) in a panel below."""
    return figure_rgb(loss_plot(losses, steps, smooth, augment_p, quality, rates, norms))


def figure_rgb(fig) -> np.ndarray:
    """A matplotlib Figure drawn as an RGB image [H, W, 3] (no software tag: reproducible)."""
    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    buf.seek(0)
    with Image.open(buf) as img:
        return np.asarray(img.convert("RGB"))


def _quality_panel(ax, quality: Sequence[tuple[int, float]]) -> None:
    """The quality estimates (SWD against the data, lower is better) over the run."""
    xs, ys = zip(*quality)
    ax.plot(xs, ys, color="tab:purple", marker="o", markersize=3)
    best = min(range(len(ys)), key=ys.__getitem__)
    late = best > len(ys) // 2  # label to the left of a late point, so it stays inside
    ax.annotate(f"best {ys[best]:.0f} at step {xs[best]}", (xs[best], ys[best]), fontsize=8,
                textcoords="offset points", xytext=(-4 if late else 4, 6), color="tab:purple",
                ha="right" if late else "left")
    ax.set_ylabel("SWD (lower: closer\nto the data)", fontsize=8)
    ax.grid(alpha=0.3)


def _rate_panel(ax, rates: Sequence[float]) -> None:
    """G's learning rate at every step (warmup, schedule, plateau halvings)."""
    ax.plot(range(1, len(rates) + 1), rates, color="tab:brown")
    ax.set_ylabel("learning rate\n(G)", fontsize=8)
    ax.grid(alpha=0.3)


def _norm_panel(ax, norms: Sequence[tuple[int, float, float]]) -> None:
    """The gradient norms of G and D before clipping (`clip_grad`), on a log scale."""
    xs, g, d = zip(*norms)
    ax.plot(xs, g, color=COLOURS.get("g"), label="G")
    ax.plot(xs, d, color=COLOURS.get("d"), label="D")
    ax.set_yscale("log")
    ax.set_ylabel("gradient norm\n(before clipping)", fontsize=8)
    ax.legend(fontsize=8, loc="upper right")
    ax.grid(alpha=0.3)


def loss_plot(losses: dict[str, list[float]], steps: Sequence[int], smooth: int,
              augment_p: Sequence[float] = (), quality: Sequence[tuple[int, float]] = (),
              rates: Sequence[float] = (), norms: Sequence[tuple[int, float, float]] = ()):
    """The matplotlib Figure of loss_figure: losses, then a panel each for quality, rates and
    gradient norms when the run has them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    panels = [(p, draw) for p, draw in ((quality, _quality_panel), (rates, _rate_panel),
                                         (norms, _norm_panel)) if len(p)]
    rows = 2 + len(panels)
    fig = Figure(figsize=(8, 4.5 + 2 * len(panels)), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(rows, 1, (1, 2)) if panels else fig.add_subplot()
    for i, (values, draw) in enumerate(panels):
        draw(fig.add_subplot(rows, 1, 3 + i, sharex=ax), values)
    for name in sorted(losses, key=lambda k: (k not in LABELS, k != "g", k)):
        values = losses[name]
        xs = list(steps)[:len(values)] if len(steps) >= len(values) else range(len(values))
        colour = COLOURS.get(name)
        ax.plot(xs, values, color=colour, alpha=0.25, linewidth=0.8)
        ax.plot(xs, moving_average(values, smooth), color=colour, label=LABELS.get(name, name))
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    ax.grid(alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if len(augment_p):
        right = ax.twinx()
        xs = list(steps)[:len(augment_p)] if len(steps) >= len(augment_p) else range(len(augment_p))
        handles += right.plot(xs, augment_p, color="tab:green", linestyle="--")
        labels.append("augment p (ADA: share of images augmented)")
        right.set_ylabel("augment p")
        right.set_ylim(0, 1.02)
        if max(augment_p) >= 0.99:
            fig.text(0.01, 0.01, "ADA's p reached 1: every image is augmented and D still overfits; "
                     "more images or fewer steps help", fontsize=8, color="tab:green")
    if handles:  # below the axes, so it never covers a curve
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=3,
                  frameon=False, fontsize=9)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig
