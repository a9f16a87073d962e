"""Checkpoints (safetensors + JSON, atomic, no pickle) and `Trained`, the value of a train node.

A checkpoint folder holds `tensors.safetensors` (G.*, D.*, E.* = EMA generator, opt_g.*, opt_d.*,
rng.* as uint8, `losses` [steps, 2] = (d, g) per step) and `meta.json` (format, model spec, train
config, step, optimiser param groups). The store value of a train node is the same folder.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

FORMAT = 1
TENSORS, META = "tensors.safetensors", "meta.json"


class Trained:
    """A trained GAN: its final weights, config and loss history (all tensors on the CPU)."""

    def __init__(self, tensors: dict[str, Any], meta: dict[str, Any]) -> None:
        self.tensors = tensors
        self.meta = json.loads(json.dumps(meta))  # the JSON form, as after a save/load

    @property
    def model(self) -> dict[str, Any]:
        return self.meta["model"]

    @property
    def latent(self) -> int:
        """Numbers in one flat latent (a pattern model's: global vector + its training noise grid)."""
        from gandsl.gan.pattern_grid import latent_size

        return latent_size(self.model)

    @property
    def resolution(self) -> int:
        return int(self.model["resolution"])

    @property
    def channels(self) -> int:
        return int(self.model["channels"])

    @property
    def steps(self) -> int:
        return int(self.meta["step"])

    @property
    def has_ema(self) -> bool:
        return any(k.startswith("E.") for k in self.tensors)

    @property
    def losses(self) -> dict[str, list[float]]:
        """Per-step losses {"d": [...], "g": [...]}, one value per generator step."""
        t = self.tensors.get("losses")
        if t is None or t.numel() == 0:
            return {"d": [], "g": []}
        return {"d": t[:, 0].tolist(), "g": t[:, 1].tolist()}

    @property
    def augment_p(self) -> list[float]:
        """The adaptive augmentation probability after each step ([] without `augment = "ada"`)."""
        t = self.tensors.get("ada.history")
        return [] if t is None else t.tolist()

    @property
    def quality(self) -> list[tuple[int, float]]:
        """(step, SWD) of the quality estimates taken while training ([] without `eval_every`)."""
        t = self.tensors.get("quality")
        return [] if t is None else [(int(s), float(v)) for s, v in t.tolist()]

    @property
    def grad_norms(self) -> list[tuple[int, float, float]]:
        """(step, G's, D's) gradient norms before clipping at each flush ([] without clip_grad)."""
        t = self.tensors.get("grad_norms")
        return [] if t is None else [(int(s), float(g), float(d)) for s, g, d in t.tolist()]

    @property
    def loss_steps(self) -> list[int]:
        """The step (1-based) of each entry of `losses`."""
        t = self.tensors.get("losses")
        return list(range(1, (0 if t is None else t.shape[0]) + 1))

    def generator(self, device: str = "cpu") -> Any:
        """The generator (EMA one when EMA was on) in eval mode: z [N, latent] -> [N, C, H, W] in [-1, 1]."""
        from gandsl.gan.models import build_generator

        return self.sampling(build_generator(self.model), device)

    def sampling(self, net: Any, device: str = "cpu") -> Any:
        """`net` (built for this model) holding the weights later stages use: the EMA ones when
        EMA was on, else G's; in eval mode on `device`, without gradients."""
        net.load_state_dict(sub(self.tensors, "E." if self.has_ema else "G."))
        return net.to(device).eval().requires_grad_(False)

    def save(self, path: Path) -> None:
        """Write the value into an (empty) folder."""
        write_dir(Path(path), self.tensors, self.meta)

    @classmethod
    def load(cls, path: Path) -> "Trained":
        tensors, meta = read_dir(Path(path))
        return cls(tensors, meta)


def sub(tensors: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The entries under `prefix`, with it stripped."""
    return {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}


def write_dir(path: Path, tensors: dict[str, Any], meta: dict[str, Any]) -> None:
    """Tensors to safetensors, meta to JSON, in `path` (created)."""
    from safetensors.torch import save_file

    path.mkdir(parents=True, exist_ok=True)
    cpu = {k: v.detach().to("cpu").contiguous() for k, v in tensors.items()}
    save_file(cpu, str(path / TENSORS))
    (path / META).write_text(json.dumps({"format": FORMAT, **meta}, sort_keys=True))


def read_dir(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(tensors, meta) of a checkpoint folder; no code is executed."""
    from safetensors.torch import load_file

    meta = json.loads((path / META).read_text())
    fmt = meta.pop("format", None)
    if fmt != FORMAT:
        raise ValueError(f"{path}: unknown checkpoint format {fmt!r}")
    return load_file(str(path / TENSORS)), meta


def step_dir(work_dir: Path, step: int) -> Path:
    return Path(work_dir) / f"step-{step:08d}"


def write_atomic(work_dir: Path, step: int, tensors: dict[str, Any], meta: dict[str, Any]) -> Path:
    """Write a checkpoint to a temporary folder, then rename it into place."""
    final = step_dir(work_dir, step)
    tmp = Path(work_dir) / f".tmp-{final.name}-{uuid.uuid4().hex[:8]}"
    write_dir(tmp, tensors, meta)
    if final.exists():
        shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    return final


def list_steps(work_dir: Path) -> list[int]:
    """Steps of the complete checkpoints in work_dir, ascending."""
    out = []
    for p in Path(work_dir).glob("step-*"):
        if (p / META).exists() and (p / TENSORS).exists() and p.name[5:].isdigit():
            out.append(int(p.name[5:]))
    return sorted(out)


def newest(work_dir: Path, max_step: int) -> Path | None:
    """The newest readable checkpoint with step <= max_step, or None."""
    for s in reversed(list_steps(work_dir)):
        if s <= max_step:
            return step_dir(work_dir, s)
    return None


def prune(work_dir: Path, current: int, keep: int = 3) -> None:
    """Delete checkpoints below `current` except the last `keep` (later ones belong to longer runs)."""
    older = [s for s in list_steps(work_dir) if s <= current]
    for s in older[:-keep]:
        shutil.rmtree(step_dir(work_dir, s), ignore_errors=True)
    for p in Path(work_dir).glob(".tmp-step-*"):  # left by killed runs (not by one writing now)
        if time.time() - p.stat().st_mtime > 600:
            shutil.rmtree(p, ignore_errors=True)
