"""Projection: latents that regenerate images, stored, rendered as pairs, walked through."""
import numpy as np
import torch  # noqa: E402 (a hard dependency: never skipped)
torch.set_num_threads(1)

from gandsl.gan.checkpoint import Trained  # noqa: E402
from gandsl.gan.models import build  # noqa: E402
from gandsl.gan.project import psnr, ssim, structural_loss  # noqa: E402
from gandsl.lang.values import Duration, Size  # noqa: E402
from gandsl.ops import train_project  # noqa: E402
from gandsl.context import RunContext  # noqa: E402
from gandsl.ops.registry import get_op  # noqa: E402

SPEC = {"arch": "dcgan", "latent": 8, "width": 8, "resolution": 16, "channels": 3}


def trained() -> Trained:
    torch.manual_seed(0)
    g, _ = build(SPEC)
    for m in g.modules():  # weights large enough for varied, non-grey images
        if isinstance(m, torch.nn.ConvTranspose2d):
            torch.nn.init.normal_(m.weight, 0.0, 0.4)
    return Trained({"G." + k: v for k, v in g.state_dict().items()}, {"model": SPEC, "step": 1, "train": {}})


def reachable(t: Trained, n: int = 3) -> np.ndarray:
    """Images the generator itself makes (so a good projection must find them again)."""
    with torch.no_grad():
        x = t.generator()(torch.randn(n, 8, generator=torch.Generator().manual_seed(5)))
    return ((x + 1) * 127.5).round().to(torch.uint8).numpy()


def project(t, images, **kw):
    p = {s.name: s.default for s in train_project.SPEC.params if not s.is_input}
    p.update(steps=40)
    p.update(kw)
    return train_project.run(RunContext(node="p"), p, {"from": t, "images": images})


def test_projection_finds_reachable_images_beats_its_start_and_round_trips(tmp_path):
    t = trained()
    images = reachable(t)
    found = project(t, images)
    start = project(t, images, steps=1, lr=0.0)
    assert found.latents.shape == (3, 8) and np.mean(found.psnr) > np.mean(start.psnr) + 1
    assert np.mean(found.psnr) > 25
    train_project.save(found, tmp_path)
    back = train_project.load(tmp_path)
    assert np.array_equal(back.latents, found.latents) and back.psnr == found.psnr
    originals, recon = back.pairs
    assert originals.shape == recon.shape == (3, 16, 16, 3)
    assert np.array_equal(originals, images.transpose(0, 2, 3, 1))
    assert torch.equal(project(t, images).tensors["project.latents"], found.tensors["project.latents"])


def test_projection_resizes_and_rechannels_the_images():
    grey = np.full((2, 1, 32, 32), 200, dtype=np.uint8)
    found = project(trained(), grey, steps=2)
    assert found.pairs[0].shape == (2, 16, 16, 3)


def test_ssim_and_psnr():
    x = torch.rand(2, 3, 16, 16) * 2 - 1
    assert torch.allclose(ssim(x, x), torch.ones(2)) and float(structural_loss(x, x).max()) < 1e-5
    assert float(ssim(x, torch.rand(2, 3, 16, 16) * 2 - 1).max()) < 0.3 and float(psnr(x, x + 0.02).min()) > 30


def test_sheet_of_a_project_node_shows_pairs(tmp_path):
    found = project(trained(), reachable(trained(), 3), steps=2)
    c = RunContext(node="s", tmp_dir=tmp_path)
    path = get_op("render", "sheet").run(c, {"grid": Size(4, 4)}, {"from": found})  # defaults filled
    from PIL import Image

    w, h = Image.open(path).size
    assert w > h  # 2 pairs (4 cells) a row, 2 rows


def test_walk_through_projected_latents_starts_at_the_first(tmp_path):
    t = trained()
    found = project(t, reachable(t), steps=2)
    params = {"frames": 6, "duration": Duration(1.0), "fps": 6.0, "loop": True, "seeds": []}
    clip = get_op("walk", "slerp").run(RunContext(node="w"), params, {"from": t, "latents": found})
    _, recon = found.pairs
    assert len(clip.frames) == 6
    assert np.abs(clip.frames[0].astype(int) - recon[0].astype(int)).max() <= 1
