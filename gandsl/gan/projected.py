"""`Projected`, the value of a `project` node: found latents, their images and the generator."""
from __future__ import annotations

from typing import Any

from gandsl.gan.checkpoint import Trained, sub


class Projected(Trained):
    """A Trained (the source's sampling generator only) plus `project.*` tensors and meta.

    project.latents [N, latent] float32, project.images and project.recon uint8 [N, C, R, R]
    (the originals at the generator's size, and the generated images), meta["project"]["psnr"].
    """

    @classmethod
    def build(cls, source: Trained, latents: Any, images: Any, recon: Any,
              info: dict[str, Any]) -> "Projected":
        prefix = "E." if source.has_ema else "G."
        tensors = {"E." + k: v for k, v in sub(source.tensors, prefix).items()}
        tensors.update({"project.latents": latents, "project.images": images, "project.recon": recon})
        meta = {"model": source.model, "train": source.meta.get("train", {}), "step": source.steps,
                "project": info}
        return cls(tensors, meta)

    @property
    def latents(self) -> Any:
        """The found latents as numpy float32 [N, latent]."""
        return self.tensors["project.latents"].numpy()

    @property
    def pairs(self) -> tuple[Any, Any]:
        """(originals, reconstructions) as numpy uint8 [N, H, W, C]."""
        return tuple(self.tensors[k].permute(0, 2, 3, 1).numpy() for k in ("project.images", "project.recon"))

    @property
    def psnr(self) -> list[float]:
        return list(self.meta["project"]["psnr"])
