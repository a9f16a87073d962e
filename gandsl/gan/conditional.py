"""Class-conditional GANs: conditional batch norm with one shared class embedding in G
(BigGAN, Brock et al. 2019) and a projection discriminator (Miyato & Koyama 2018).

The generator is the unconditional architecture of gan/models.py built with `CondBatchNorm2d`
in place of every batch norm; each reads the class embedding of the current call from a shared
`ClassInput`, and G's input is the latent concatenated with that embedding (as BigGAN feeds
[z, e] to its layers), so one embedding table drives every layer and a morph between classes is
a straight line between embeddings. The discriminator adds <embed_D(y), features(x)> to its
unconditional logit. A model spec is conditional when it has `classes` (a count) > 0.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.parametrizations import spectral_norm


class ClassInput:
    """The class embedding [N, E] of the generator call in progress (shared by its norms)."""

    def __init__(self) -> None:
        self.e: torch.Tensor | None = None


class CondBatchNorm2d(nn.Module):
    """Batch norm whose gain (1 + W_g e) and bias (W_b e) are linear in the class embedding e."""

    def __init__(self, channels: int, embed: int, inp: ClassInput) -> None:
        super().__init__()
        self.bn = nn.BatchNorm2d(channels, affine=False)
        self.gain = nn.Linear(embed, channels, bias=False)
        self.bias = nn.Linear(embed, channels, bias=False)
        self.inp = inp

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        e = self.inp.e  # [N,E]
        g, b = 1.0 + self.gain(e), self.bias(e)  # [N,c]
        return self.bn(x) * g[:, :, None, None] + b[:, :, None, None]


class ConditionalGenerator(nn.Module):
    """G(z, y) or G(z, e=embedding); without either, sample i gets class i mod classes."""

    def __init__(self, base: type, spec: dict[str, Any]) -> None:
        super().__init__()
        lat, k = spec["latent"], int(spec["classes"])
        self.classes, self.inp = k, ClassInput()
        self.embed = nn.Embedding(k, embed_dim(spec))  # the one shared class embedding
        norm = lambda ch: CondBatchNorm2d(ch, embed_dim(spec), self.inp)  # noqa: E731
        # G's input is [z, e] too: the class reaches G from its first layer (bench/quality.py:
        # 600 steps at 16 px, CBN alone: 15% of samples read as their class, with [z, e]: 49%)
        up = {"upsample": spec["upsample"]} if spec.get("upsample") and spec["arch"] == "dcgan" else {}
        self.g = base(lat + embed_dim(spec), spec["width"], spec["resolution"], spec["channels"],
                      norm=norm, **up)

    def forward(self, z: torch.Tensor, y: torch.Tensor | None = None,
                e: torch.Tensor | None = None) -> torch.Tensor:
        if e is None:
            y = default_classes(len(z), self.classes, z.device) if y is None else y
            e = self.embed(y)  # [N,E]
        self.inp.e = e
        try:
            return self.g(torch.cat([z, e.to(z.dtype)], 1))  # [N,L+E] -> [N,C,R,R]
        finally:
            self.inp.e = None


class ProjectionDiscriminator(nn.Module):
    """D(x, y) = head(features(x)) + <embed(y), sum_hw features(x)>."""

    def __init__(self, base: nn.Module, classes: int, sn: bool, shape: tuple[int, ...]) -> None:
        super().__init__()
        self.d, self.classes = base, classes
        base.eval()  # probe the feature width without touching BN statistics or SN vectors
        with torch.no_grad():
            c = base.features(torch.zeros(2, *shape)).shape[1]
        base.train()
        emb = nn.Embedding(classes, c)
        self.embed = spectral_norm(emb) if sn else emb

    def forward(self, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        y = default_classes(len(x), self.classes, x.device) if y is None else y
        h = self.d.features(x)  # [N,c,r,r]
        proj = (self.embed(y) * h.sum(dim=(2, 3))).sum(1)  # [N]
        return self.d.head(h) + proj.to(h.dtype)


def embed_dim(spec: dict[str, Any]) -> int:
    """Size of the shared class embedding: the latent size, at most 128 (BigGAN's)."""
    return min(int(spec["latent"]), 128)


def default_classes(n: int, classes: int, device: Any) -> torch.Tensor:
    """Classes 0, 1, ..., k-1, 0, 1, ... for n samples (callers that give no class)."""
    return torch.arange(n, device=device) % classes


def build_conditional(spec: dict[str, Any], gbase: type, dbase: type,
                      dcgan_init: Any) -> tuple[nn.Module, nn.Module]:
    """The conditional (G, D) of a spec with `classes` > 0 around models.py's base networks."""
    g = ConditionalGenerator(gbase, spec)
    dnet = dbase(spec["width"], spec["resolution"], spec["channels"], bool(spec.get("mbstd", False)))
    shape = (spec["channels"], spec["resolution"], spec["resolution"])
    d = ProjectionDiscriminator(dnet, int(spec["classes"]), spec["arch"] == "resnet", shape)
    init = lambda mod: None if isinstance(mod, nn.BatchNorm2d) and not mod.affine else dcgan_init(mod)  # noqa: E731
    g.apply(init)
    d.apply(init)
    nn.init.normal_(d.embed.weight if spec["arch"] == "dcgan" else d.embed.parametrizations.weight.original,
                    0.0, 0.02)
    return g, d


class ClassSampler:
    """Balanced, seeded class labels per batch and real images of those classes, on the device."""

    def __init__(self, labels: np.ndarray, classes: int, device: torch.device) -> None:
        y = torch.as_tensor(np.asarray(labels), dtype=torch.int64)
        order = torch.argsort(y, stable=True)
        counts = torch.bincount(y, minlength=classes)
        self.order = order.to(device)  # image indices grouped by class
        self.counts = counts.to(device)
        self.starts = (torch.cumsum(counts, 0) - counts).to(device)
        self.classes = classes

    def draw(self, batch: int, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        """(image indices [B], their classes [B]): each class ~B/k times, in random order."""
        dev = self.order.device
        reps = -(-batch // self.classes)
        keys = torch.rand(reps, self.classes, generator=gen, device=dev)
        y = keys.argsort(dim=1).flatten()[:batch]  # reps random permutations of the classes
        u = torch.rand(batch, generator=gen, device=dev)
        pick = (u * self.counts[y]).long().clamp_max(self.counts[y] - 1)
        return self.order[self.starts[y] + pick], y


def with_classes(spec: dict[str, Any], data: Any, node: str) -> tuple[dict[str, Any], np.ndarray]:
    """The model spec with `classes` and `class_names` from labelled data, and the labels."""
    from gandsl.data.store import labels_of
    from gandsl.errors import NodeFailed

    found = labels_of(data)
    if found is None:
        raise NodeFailed(f"train {node}: `conditional = true` needs data with class labels",
                         code="E060", help="use digits, glyphs, shapes or folder { classes = true }")
    labels, names = found
    present = np.unique(labels)
    if len(present) < len(names):
        missing = [names[i] for i in range(len(names)) if i not in set(present.tolist())]
        raise NodeFailed(f"train {node}: no images of class(es) {', '.join(missing[:10])}",
                         code="E062", help="raise the data's `count` or drop those classes")
    return {**spec, "classes": len(names), "class_names": list(names)}, labels


def class_embeddings(trained: Any) -> np.ndarray:
    """The shared class embedding table [classes, E] of a trained conditional generator."""
    prefix = "E." if trained.has_ema else "G."
    return trained.tensors[prefix + "embed.weight"].float().numpy()


def resolve_class(ref: Any, names: list[str], node: str) -> int:
    """The index of a class reference (name or index); NodeFailed when there is no such class."""
    from gandsl.errors import NodeFailed
    from gandsl.lang.check_classes import class_index

    if not names:
        raise NodeFailed(f"{node}: classes need a class-conditional train node", code="E061",
                         help="add `conditional = true` to the train node (its data needs labels)")
    i = class_index(ref, names)
    if i is None:
        shown = ", ".join(names[:20]) + (" ..." if len(names) > 20 else "")
        raise NodeFailed(f"{node}: no class {ref!r}; the classes are {shown}", code="E062",
                         help=f"name a class or give an index 0 to {len(names) - 1}")
    return i


def class_names(trained: Any) -> list[str]:
    """The class names of a trained node ([] when it is not conditional)."""
    spec = getattr(trained, "model", None)
    if not isinstance(spec, dict) or not spec.get("classes"):
        return []
    return list(spec.get("class_names") or [str(i) for i in range(int(spec["classes"]))])
