"""Files that ship inside installed packages: digits, LFW faces, photos, textures and fonts.

Paths are found with importlib's spec lookup, so nothing imports sklearn, skimage or
matplotlib and nothing is downloaded.
"""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import numpy as np

from gandsl.errors import NodeFailed

FONT_FAMILIES = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
             "DejaVuSans-BoldOblique.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
              "DejaVuSerif-BoldItalic.ttf"),
    "mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSansMono-Oblique.ttf",
             "DejaVuSansMono-BoldOblique.ttf"),
}


def package_dir(package: str) -> Path:
    """The folder of an installed package, without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise NodeFailed(f"the package `{package}` is not installed; it provides built-in data",
                         code="E301")
    return Path(list(spec.submodule_search_locations)[0])


def bundled_file(package: str, relative: str) -> Path:
    """A data file shipped inside an installed package; NodeFailed when it is missing."""
    path = package_dir(package) / relative
    if not path.is_file():
        raise NodeFailed(f"built-in data file is missing: {path}", code="E301",
                         help=f"reinstall `{package}`")
    return path


def skimage_file(name: str) -> Path:
    """An image bundled in scikit-image's data folder (read directly, never fetched)."""
    return bundled_file("skimage", f"data/{name}")


@functools.lru_cache(maxsize=1)
def _digits_table() -> np.ndarray:
    """scikit-learn's digits.csv.gz: 1797 rows of 64 pixels (0-16) and the digit."""
    path = bundled_file("sklearn", "datasets/data/digits.csv.gz")
    table = np.loadtxt(path, delimiter=",", dtype=np.float32)
    table.flags.writeable = False
    return table


def digit_scans() -> np.ndarray:
    """scikit-learn's 1797 handwritten digits as float32 [N, 8, 8] in 0..1."""
    return (_digits_table()[:, :64] / 16.0).reshape(-1, 8, 8)


def digit_targets() -> np.ndarray:
    """The digit (0-9) each of scikit-learn's 1797 scans shows, int64 [N]."""
    return _digits_table()[:, 64].astype(np.int64)


def lfw_faces() -> np.ndarray:
    """The 100 faces of scikit-image's LFW subset as float [100, 25, 25] in 0..1."""
    faces = np.load(skimage_file("lfw_subset.npy"), allow_pickle=False)
    return faces[:100]


def font_files(family: str) -> list[Path]:
    """The DejaVu TTF files of one family (sans, serif, mono, or all) shipped with matplotlib."""
    names = [n for fam, files in FONT_FAMILIES.items() if family in ("all", fam) for n in files]
    return [bundled_file("matplotlib", f"mpl-data/fonts/ttf/{name}") for name in names]
