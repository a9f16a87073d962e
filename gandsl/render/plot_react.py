"""The envelopes that drove a `react` walk and the frame change they caused, over time (PNG)."""
from __future__ import annotations

import numpy as np

from gandsl.render.envelopes import PITCHES
from gandsl.render.plot import figure_rgb

COLOURS = {"onset": "tab:red", "kick": "tab:orange", "loudness": "tab:blue",
           "harmonic": "tab:green"}


def frame_change(frames: np.ndarray) -> np.ndarray:
    """Mean absolute change [n] of each frame from the one before (0 for the first), in 0..255."""
    f = frames.reshape(len(frames), -1).astype(np.float32)  # [n, H*W*C]
    change = np.abs(np.diff(f, axis=0)).mean(axis=1) if len(f) > 1 else np.zeros(0)
    return np.concatenate([[0.0], change])


def envelope_figure(envelopes: dict[str, np.ndarray], frames: np.ndarray, fps: float) -> np.ndarray:
    """An RGB image [H, W, 3]: onsets and kicks, loudness and harmonic energy, the dominant pitch
    class, and the frame change, on one time axis in seconds."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 7.5), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(4, 1, sharex=True)
    t = np.arange(len(frames)) / fps
    for ax, names in zip(axes[:2], (("onset", "kick"), ("loudness", "harmonic"))):
        for name in names:
            if name in envelopes:
                ax.plot(t, envelopes[name], color=COLOURS[name], label=name, linewidth=1)
        ax.set_ylim(-0.02, 1.05)
        ax.legend(loc="upper right", fontsize=8, ncols=2)
        ax.grid(alpha=0.3)
    if "pitch" in envelopes:
        axes[2].scatter(t, envelopes["pitch"], s=2, color="tab:purple")
    axes[2].set_yticks(range(12), PITCHES, fontsize=7)
    axes[2].set_ylabel("dominant\npitch", fontsize=8)
    axes[2].grid(alpha=0.3)
    axes[3].plot(t, frame_change(frames), color="black", linewidth=1)
    axes[3].set_ylabel("frame change\n(mean |Δ|, 0-255)", fontsize=8)
    axes[3].set_xlabel("seconds")
    axes[3].grid(alpha=0.3)
    fig.tight_layout()
    return figure_rgb(fig)
