"""Training state (G, D, EMA, optimisers, RNG, losses) and its round trip through flat tensors."""
from __future__ import annotations

from typing import Any

import torch

from gandsl.gan.ada import Ada
from gandsl.gan.checkpoint import sub
from gandsl.gan.config import TrainConfig
from gandsl.gan.dist import Shard, convert_sync_bn
from gandsl.gan.ema import EMA
from gandsl.gan.models import build


class TrainState:
    """Everything that changes while training; `step` counts finished generator steps."""

    ada: Ada | None = None
    # channels_last: +35% images per CPU-second on the 2-core bench CPU (bench/train.py)
    memory_format = torch.channels_last

    def __init__(self, spec: dict[str, Any], cfg: TrainConfig, device: torch.device,
                 sync_bn: bool = False) -> None:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(cfg.seed)
            g, d = self.networks(spec)
        if sync_bn:  # several processes: batch statistics over the global batch (gan/dist.py)
            g, d = convert_sync_bn(g), convert_sync_bn(d)
        self.spec, self.cfg, self.device = spec, cfg, device
        self.g = g.to(device, memory_format=self.memory_format)
        self.d = d.to(device, memory_format=self.memory_format)
        self.ema = EMA(self.g, cfg.ema) if cfg.ema > 0 else None
        self.opt_g = _adam(self.g, cfg.lr, cfg.betas)
        self.opt_d = _adam(self.d, cfg.lr_d, cfg.betas)
        self.gen = torch.Generator(device).manual_seed(cfg.seed)
        augment = getattr(cfg, "augment", ())
        self.ada = Ada(augment, cfg.batch, device) if "ada" in augment else None
        self.threads: int | None = None  # CPU threads the run uses (keyed; recorded in checkpoints)
        self.precision = "fp32"  # fp32 | bf16: autocast in the steps (keyed; gandsl/numerics.py)
        self.labels: Any = None  # conditional: a ClassSampler over the data's labels
        self.shard: Shard | None = None  # this rank's rows of each batch when data-parallel
        self.step = 0
        self.losses = torch.zeros(0, 2)  # [step, (d, g)] on the CPU
        self.quality = torch.zeros(0, 2)  # [(step, swd)] every eval_every steps (gan/quality.py)
        self.grad_norms = torch.zeros(0, 3)  # with clip_grad: [(step, G's, D's)] at each flush
        self.shown: dict[str, Any] = {}  # extra fields of the progress line
        self.best = torch.zeros(0, 2)  # early stopping: [(step, swd)] of the best estimate so far
        self.best_weights: dict[str, torch.Tensor] = {}  # the sampling generator at that step
        self.stopped = False  # early stopping decided (kept by checkpoints: a resume stays stopped)
        self.grad_norm_g: torch.Tensor | None = None  # with clip_grad: the last step's norms
        self.grad_norm_d: torch.Tensor | None = None

    @staticmethod
    def networks(spec: dict[str, Any]) -> tuple[torch.nn.Module, torch.nn.Module]:
        """G and D of a model spec (built under the run's seed; subclasses build others)."""
        return build(spec)

    @property
    def sampler(self) -> torch.nn.Module:
        """The generator later stages use: the EMA one when EMA is on."""
        return self.ema.model if self.ema else self.g

    def tensors(self) -> dict[str, torch.Tensor]:
        """The full state as flat named tensors (no copies of device data beyond views)."""
        t: dict[str, torch.Tensor] = {}
        for prefix, mod in (("G.", self.g), ("D.", self.d), ("E.", self.ema and self.ema.model)):
            if mod is not None:
                t.update({prefix + k: v for k, v in mod.state_dict().items()})
        for name, opt in (("opt_g", self.opt_g), ("opt_d", self.opt_d)):
            for i, st in opt.state_dict()["state"].items():
                t.update({f"{name}.{i}.{k}": v for k, v in st.items()})
        t["rng.gen"] = self.gen.get_state()
        t["rng.torch"] = torch.get_rng_state()
        t["losses"] = self.losses
        if len(self.quality):
            t["quality"] = self.quality
        if len(self.grad_norms):
            t["grad_norms"] = self.grad_norms
        if len(self.best):
            t["best"] = self.best
            t.update({"best." + k: v for k, v in self.best_weights.items()})
        if self.ada:
            t.update(self.ada.tensors())
        return t

    def meta(self) -> dict[str, Any]:
        """The JSON half of a checkpoint."""
        groups = {n: o.state_dict()["param_groups"] for n, o in (("opt_g", self.opt_g), ("opt_d", self.opt_d))}
        meta = {"model": self.spec, "train": self.cfg.keyed(), "step": self.step, "groups": groups,
                "threads": self.threads}
        if len(self.best):  # early stopping: where the kept generator comes from
            meta["best_step"] = int(self.best[0, 0])
        if self.stopped:
            meta["stopped"] = True
        return meta

    def restore(self, t: dict[str, torch.Tensor], meta: dict[str, Any]) -> None:
        """Load a checkpoint written by tensors()/meta()."""
        self.g.load_state_dict(sub(t, "G."))
        self.d.load_state_dict(sub(t, "D."))
        if self.ema:
            self.ema.model.load_state_dict(sub(t, "E."))
        for name, opt in (("opt_g", self.opt_g), ("opt_d", self.opt_d)):
            opt.load_state_dict(_opt_state(sub(t, name + "."), meta["groups"][name]))
        self.gen.set_state(t["rng.gen"])
        torch.set_rng_state(t["rng.torch"])
        self.step = int(meta["step"])
        self.losses = t["losses"].clone()
        if "quality" in t:
            self.quality = t["quality"].clone()
        if "grad_norms" in t:
            self.grad_norms = t["grad_norms"].clone()
        if "best" in t:
            self.best = t["best"].clone()
            self.best_weights = {k: v.clone() for k, v in sub(t, "best.").items()}
        self.stopped = bool(meta.get("stopped", False))
        if self.ada:
            self.ada.restore(t)
        self.threads = meta.get("threads")


class DataBoundState(TrainState):
    """A TrainState whose checkpoints name the data it learned from (`data_id` in its meta), its
    networks kept in the default memory format: the base of the upscaler and translator states."""

    memory_format = torch.contiguous_format

    def __init__(self, spec: dict[str, Any], cfg: Any, device: torch.device) -> None:
        super().__init__(spec, cfg, device)
        self.data_id = ""

    def meta(self) -> dict[str, Any]:
        return {**super().meta(), "data": self.data_id}


def _adam(m: torch.nn.Module, lr: float, betas: tuple[float, float]) -> torch.optim.Adam:
    return torch.optim.Adam(m.parameters(), lr=lr, betas=betas, foreach=True)


def _opt_state(flat: dict[str, torch.Tensor], groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Rebuild an optimiser state_dict from `i.key` tensors and JSON param groups."""
    state: dict[int, dict[str, torch.Tensor]] = {}
    for k, v in flat.items():
        i, name = k.split(".", 1)
        state.setdefault(int(i), {})[name] = v
    groups = [{**g, "betas": tuple(g["betas"])} for g in groups]
    return {"state": state, "param_groups": groups}
