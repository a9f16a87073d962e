"""The translate op's parameters (the one place their defaults are written) and its config (no torch)."""
from __future__ import annotations

from gandsl.gan.loop_params import loop_params
from gandsl.spec import ParamSpec, config_class

TRANSLATE_PARAMS = (
    ParamSpec("a", "node", help="images to translate from (e.g. your photos, or line drawings)",
              stages=("data",)),
    ParamSpec("b", "node", help="images whose look to learn (e.g. crops of a painting)", stages=("data",)),
    ParamSpec("paired", "bool", False, "learn from pairs a[i] -> b[i] (pix2pix: L1 + adversarial) "
              "instead of unpaired images (CUT: contrastive patches + adversarial)"),
    ParamSpec("steps", "int", 1200, "training steps", lo=1, hi=100_000_000, resume=True),
    ParamSpec("crop", "int", 64, "side of the random training crops (a multiple of 4, at most the "
              "images' side)", lo=16, hi=512),
    ParamSpec("batch", "int", 4, "crops per step", lo=1, hi=256),
    ParamSpec("width", "int", 16, "base channels of the generator", lo=4, hi=128),
    ParamSpec("blocks", "int", 4, "residual blocks of the generator", lo=1, hi=16),
    ParamSpec("d_width", "int", 32, "base channels of the patch discriminator", lo=4, hi=256),
    ParamSpec("detail", "float", 0.0, "weight of a second patch discriminator that sees only the fine "
              "detail of b and G(a) (high-pass grey, no colour), so lines and textures are learnt, "
              "not colour alone (unpaired; 0: off)", lo=0.0, added=True),
    ParamSpec("d_steps", "int", 1, "discriminator updates per generator step, each on its own batch",
              lo=1, hi=8, added=True),
    ParamSpec("lr", "float", 2e-4, "generator learning rate", lo=0.0, hi=1.0),
    ParamSpec("lr_d", "float", 2e-4, "discriminator learning rate", lo=0.0, hi=1.0),
    ParamSpec("betas", "list", [0.5, 0.999], "Adam betas for both networks", item="float"),
    ParamSpec("nce", "float", 1.0, "weight of the contrastive patch loss that keeps a's content "
              "(unpaired)", lo=0.0),
    ParamSpec("identity", "float", 1.0, "weight of the identity term on b (unpaired: b through the "
              "generator must stay b)", lo=0.0),
    ParamSpec("patches", "int", 64, "patches per layer of the contrastive loss", lo=4, hi=1024),
    ParamSpec("l1", "float", 100.0, "weight of the L1 loss to b (paired)", lo=0.0),
    ParamSpec("ema", "float", 0.999, "EMA decay of the generator later stages use (0: off)", lo=0.0, hi=1.0),
    ParamSpec("seed", "int", 0, "random seed (initial weights, crops, patches)", lo=0),
    *loop_params("a preview (a | a translated)", 200, 200),
)

# The architecture is in the model spec; `loss` names the loop's health rule (least squares).
TranslateConfig = config_class("TranslateConfig", TRANSLATE_PARAMS, exclude=("width", "blocks", "d_width"),
                               hidden=[("sync_every", 25, False), ("loss", "lsgan", True)],
                               doc="The translate op's training settings, from TRANSLATE_PARAMS.")
