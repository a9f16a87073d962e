"""train op `translate`: image-to-image translation, unpaired (style transfer, CUT) or paired (pix2pix)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from gandsl.context import RunContext
from gandsl.gan.translate_config import TRANSLATE_PARAMS
from gandsl.spec import OpSpec

SPEC = OpSpec(
    stage="train",
    name="translate",
    version=2,
    help="learn to paint images like a into the look of b: unpaired (style transfer: contrastive "
         "patches, CUT) or `paired = true` (a[i] -> b[i], pix2pix, e.g. sketch -> image)",
    params=TRANSLATE_PARAMS,
)


def run(ctx: RunContext, params: dict[str, Any], inputs: dict[str, Any]) -> Any:
    """Train the translator; resumes from ctx.work_dir checkpoints."""
    from gandsl.gan.translate_train import fit_translate

    return fit_translate(ctx, params, inputs["a"], inputs["b"])


def save(value: Any, path: Path) -> None:
    value.save(Path(path))


def load(path: Path) -> Any:
    from gandsl.gan.translate_train import TranslateTrained

    return TranslateTrained.load(Path(path))


def check_counts(params: dict[str, Any], count: Callable[[str], int | None]) -> list:
    """Paired training needs as many images in a as in b, when both counts are known (a `count`, or
    the pictures a folder holds); `count(input)` is asked only for paired nodes."""
    from gandsl.lang.check_nodes import Problem

    if not params.get("paired"):
        return []
    na, nb = count("a"), count("b")
    if isinstance(na, int) and isinstance(nb, int) and na != nb:
        return [Problem("E090", f"paired training needs as many images in a as in b ({na} vs {nb})",
                        "paired", "a[i] is paired with b[i]",
                        "give both data nodes the same `count`, or both folders the same pictures")]
    return []
    na, nb = (images_in(upstream[k]) for k in ("a", "b"))
    if isinstance(na, int) and isinstance(nb, int) and na != nb:
        return [Problem("E090", f"paired training needs as many images in a as in b ({na} vs {nb})",
                        "paired", "a[i] is paired with b[i]",
                        "give both data nodes the same `count`, or both folders the same pictures")]
    return []
