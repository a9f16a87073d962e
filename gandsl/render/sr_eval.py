"""PSNR/SSIM of a trained upscaler against bicubic on images it never saw (eval `sr_quality`).

The images are the model's held-out split when `data` is the data it was trained on (matched by
content), otherwise all of `data` (other images entirely). Each image is cropped to a multiple of
the factor, shrunk the clean way (antialiased bicubic, 8-bit), enlarged by the model and by
Pillow's bicubic, and compared with the original; `factor` pixels of border are left out.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import torch

from gandsl.gan.sr_data import clean_lr, fingerprint, psnr, ssim


def eval_images(trained: Any, data: np.ndarray, samples: int) -> tuple[np.ndarray, bool]:
    """(images uint8 [M,C,H,W] to evaluate on, whether they are the training data's held-out ones)."""
    data = np.asarray(data)
    same = fingerprint(data) == trained.data_id
    idx = trained.held_out(len(data)) if same else np.arange(len(data))
    f = trained.factor
    h, w = data.shape[2] // f * f, data.shape[3] // f * f
    return data[idx[:samples], :, :h, :w], same


def shrink(images: np.ndarray, factor: int) -> np.ndarray:
    """uint8 [M,C,H,W] -> the clean low-res frames uint8 [M,H/f,W/f,C]."""
    hr = torch.from_numpy(np.ascontiguousarray(images)).float().div(127.5).sub(1.0)
    lr = clean_lr(hr, factor)
    return ((lr + 1) * 127.5).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()


def scores(out: np.ndarray, truth: np.ndarray, border: int) -> dict[str, float]:
    """Mean PSNR (dB) and SSIM of frames [M,H,W,C] against [M,C,H,W] truth, borders shaved."""
    a = torch.from_numpy(np.ascontiguousarray(out)).permute(0, 3, 1, 2).double()
    b = torch.from_numpy(np.ascontiguousarray(truth)).double()
    if border:
        a, b = a[..., border:-border, border:-border], b[..., border:-border, border:-border]
    return {"psnr": round(float(psnr(a, b).mean()), 4), "ssim": round(float(ssim(a, b).mean()), 4)}


def sr_quality(trained: Any, data: np.ndarray, samples: int, device: str = "cpu") -> dict[str, Any]:
    """The report: PSNR/SSIM of the model and of bicubic, the image count and where they came from."""
    from gandsl.render.upscale import learned, resize

    images, same = eval_images(trained, data, samples)
    f = trained.factor
    lr = shrink(images, f)
    model = scores(learned(lr, trained, device, 16), images, f)
    base = scores(resize(lr, f, "bicubic"), images, f)
    return {"factor": f, "images": int(len(images)), "held_out": bool(same),
            "size": [int(images.shape[2]), int(images.shape[3])], "learned": model, "bicubic": base,
            "gain_db": round(model["psnr"] - base["psnr"], 4)}
