"""Exploring a trained node: samples by seed, walk previews and the matching `walk` block.

A sample for seed S is the first keyframe of `walk = slerp { seeds = [S, ..]  seed = SEED }`
(gandsl.render.paths.key_latents with one grid cell), scaled by the truncation, so a walk pasted
from the page starts exactly on the picked images. Generation runs on one worker thread (never
on a request thread), batched, on the recipe's device; loaded generators are kept per cache key.
"""
from __future__ import annotations

import base64
import io
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from gandsl.watch.session import Shared, TrainedRef

MAX_SAMPLES = 64
MAX_WALK_SEEDS = 12
FRAMES_PER_SEED = 12
WALK_FPS = 12
TIMEOUT = 300.0


class ExploreError(Exception):
    """A request the explorer cannot serve (unknown node, bad numbers); the page shows it."""


class Explorer:
    """Serves sample grids and walk previews from the trained nodes of the latest runs."""

    def __init__(self, shared: Shared, device: Callable[[], str]) -> None:
        self.shared, self.device = shared, device
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="gandsl-explore")
        self._loaded: dict[str, Any] = {}

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def samples(self, node: str, start: int, count: int, truncation: float, seed: int,
                klass: int = 0) -> dict[str, Any]:
        """PNG data URLs for seeds start..start+count-1 (of class `klass`), in one batch."""
        if not 1 <= count <= MAX_SAMPLES or start < 0 or seed < 0:
            raise ExploreError(f"count must be 1..{MAX_SAMPLES}; start and seed at least 0")
        seeds = list(range(start, start + count))
        return self._pool.submit(self._samples, self._ref(node), seeds, _trunc(truncation),
                                 seed, klass).result(TIMEOUT)

    def walk(self, node: str, seeds: list[int], truncation: float, seed: int,
             klass: int = 0) -> dict[str, Any]:
        """A looping GIF through the seeds' latents and the `walk` block that renders it."""
        if not 2 <= len(seeds) <= MAX_WALK_SEEDS or min(seeds) < 0 or seed < 0:
            raise ExploreError(f"pick 2 to {MAX_WALK_SEEDS} seeds")
        t = _trunc(truncation)
        gif, label = self._pool.submit(self._walk, self._ref(node), seeds, t, seed,
                                       klass).result(TIMEOUT)
        with self.shared.lock:
            taken = set(self.shared.names)
        name = next(n for n in (f"picked{i or ''}" for i in range(len(taken) + 2))
                    if n not in taken)
        frames = FRAMES_PER_SEED * len(seeds)
        return {"src": gif, "frames": frames, "fps": WALK_FPS,
                "block": walk_block(name, node, seeds, t, seed, frames, label)}

    def _ref(self, node: str) -> TrainedRef:
        with self.shared.lock:
            ref = self.shared.trained.get(node)
        if ref is None:
            raise ExploreError(f"`{node}` is not a trained node of the latest run")
        return ref

    def _trained(self, ref: TrainedRef) -> Any:
        if ref.key not in self._loaded:
            self._loaded = {ref.key: ref.load(ref.data_dir)}  # keep one: they can be large
        return self._loaded[ref.key]

    def _latents(self, trained: Any, seeds: list[int], seed: int) -> Any:
        from gandsl.render.paths import key_latents

        return key_latents(seed, seeds, 1, trained.latent)  # [K, 1, latent]

    def _classes(self, trained: Any, klass: int, n: int) -> tuple[list[str], Any]:
        """The class names ([] when unconditional) and the class of each of n samples."""
        import numpy as np

        from gandsl.gan.conditional import class_names

        names = class_names(trained)
        if names and not 0 <= klass < len(names):
            raise ExploreError(f"class must be 0..{len(names) - 1}")
        return names, (np.full(n, klass) if names else None)

    def _samples(self, ref: TrainedRef, seeds: list[int], t: float, seed: int,
                 klass: int) -> dict[str, Any]:
        from gandsl.render.sample import generate

        trained = self._trained(ref)
        names, cond = self._classes(trained, klass, len(seeds))
        z = self._latents(trained, seeds, seed)[:, 0] * t
        images = generate(trained, z, self.device(), MAX_SAMPLES, None, cond)  # [K, H, W, C]
        return {"size": int(images.shape[1]), "classes": names, "class": klass,
                "images": [{"seed": s, "src": _png(img)} for s, img in zip(seeds, images)]}

    def _walk(self, ref: TrainedRef, seeds: list[int], t: float, seed: int,
              klass: int) -> tuple[str, str | None]:
        from gandsl.render.paths import phases, slerp_path
        from gandsl.render.sample import generate

        trained = self._trained(ref)
        n = FRAMES_PER_SEED * len(seeds)
        names, cond = self._classes(trained, klass, n)
        z = slerp_path(self._latents(trained, seeds, seed), phases(n, True), True, "linear")
        images = generate(trained, z[:, 0] * t, self.device(), 64, None, cond)
        return _gif(images, WALK_FPS), (names[klass] if names else None)


def _trunc(value: float) -> float:
    if not 0.0 <= value <= 4.0:
        raise ExploreError("truncation must be within 0..4")
    return round(float(value), 3)


def walk_block(name: str, node: str, seeds: list[int], truncation: float, seed: int,
               frames: int, label: str | None = None) -> str:
    """The recipe text of a slerp walk that renders the previewed walk (fmt's layout)."""
    rows = [("from", node), ("seeds", "[" + ", ".join(str(s) for s in seeds) + "]"),
            ("seed", str(seed)), ("truncation", repr(truncation)), ("loop", "true"),
            ("frames", str(frames)), ("fps", str(WALK_FPS))]
    if label is not None:
        rows.insert(1, ("class", json.dumps(label, ensure_ascii=False)))
    width = max(len(k) for k, _ in rows)
    body = "\n".join(f"  {k:<{width}} = {v}" for k, v in rows)
    return f"walk {name} = slerp {{\n{body}\n}}\n"


def _png(image: Any) -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(image[..., 0] if image.shape[2] == 1 else image).save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _gif(images: Any, fps: int) -> str:
    from PIL import Image

    frames = [Image.fromarray(i[..., 0] if i.shape[2] == 1 else i) for i in images]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:],
                   duration=round(1000 / fps), loop=0)
    return "data:image/gif;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
