"""The README's few-shot before/after: the pictures, dcgan and fastgan at equal training time.

Reads the runs bench/fewshot.py left in --runs (continued to their step counts, nothing new is
trained when they are there) and writes one labelled PNG: a row of training pictures, then a
row of samples (the same latents) from each run.

    python bench/fewshot_figure.py --rows "dcgan:7450:/tmp/fs/star-dcgan:dcgan, 7.4 minutes" \
        "fastgan:4548:/tmp/fs/star-fastgan:fastgan, 7.4 minutes"
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from fewshot import SETS, train  # bench/fewshot.py, beside this file

CELL, COLS, LABEL = 128, 8, 150


def row(images: np.ndarray) -> np.ndarray:
    """uint8 [COLS,3,64,64] -> [CELL, COLS*CELL, 3], nearest-enlarged, 2 px apart."""
    from PIL import Image

    out = np.full((CELL, COLS * (CELL + 2), 3), 255, np.uint8)
    for i, x in enumerate(images[:COLS]):
        cell = np.asarray(Image.fromarray(x.transpose(1, 2, 0)).resize((CELL, CELL), Image.NEAREST))
        out[:, i * (CELL + 2):i * (CELL + 2) + CELL] = cell
    return out


def labelled(rows: list[tuple[str, np.ndarray]], path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    from gandsl.data.sources import font_files

    font = ImageFont.truetype(str(font_files("sans")[0]), 17)
    h, w = len(rows) * (CELL + 6), LABEL + rows[0][1].shape[1]
    canvas = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(canvas)
    for i, (text, pixels) in enumerate(rows):
        y = i * (CELL + 6)
        canvas.paste(Image.fromarray(pixels), (LABEL, y))
        draw.multiline_text((8, y + CELL // 2), text.replace(", ", "\n"), fill="black", font=font, anchor="lm")
    canvas.save(path, optimize=True)


def main() -> None:
    from gandsl.render.sample import generate

    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="star")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--rows", nargs="+", required=True, help="MODEL:STEPS:RUN FOLDER:LABEL")
    ap.add_argument("--out", type=Path, default=Path("docs/fewshot.png"))
    args = ap.parse_args()
    data = SETS[args.set][0](args.count, 0)
    rows = [(f"{args.count} pictures", row(data))]
    z = np.random.default_rng(7).standard_normal((COLS, 64)).astype(np.float32)
    for spec in args.rows:
        model, steps, folder, text = spec.split(":", 3)
        trained = train(model, data, int(steps), Path(folder), fresh=False)
        rows.append((text, row(generate(trained, z * 0.8, "cpu", COLS).transpose(0, 3, 1, 2))))
    labelled(rows, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
