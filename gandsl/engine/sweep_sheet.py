"""The sweep's overview: `contact.png` (one labelled cell per variant: its first sheet or frame)
and `index.html` (the same cells with the command that reproduces each, sortable by any column,
eval values included)."""
from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any, Sequence

CELL = 176  # thumbnail side in pixels
IMAGE_SUFFIXES = (".png", ".gif", ".webp", ".jpg", ".jpeg")
ANIMATED = (".gif", ".webp")


def first_image(outputs: dict[str, tuple[str, str, str]]) -> Path | None:
    """The variant's first picture: a still (a sheet) before an animation's first frame."""
    found = []
    for stage, output, _ in outputs.values():
        path = Path(output)
        if stage != "render":
            continue
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)[:1]
        elif path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
            found.append(path)
    stills = [p for p in found if p.suffix.lower() not in ANIMATED]
    return (stills or found or [None])[0]


def eval_values(outputs: dict[str, tuple[str, str, str]]) -> dict[str, float]:
    """Each eval node's headline number: its JSON report's `mean` (else its first number)."""
    values = {}
    for node, (stage, output, _) in outputs.items():
        path = Path(output)
        if stage != "eval" or path.suffix != ".json" or not path.is_file():
            continue
        try:
            report = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        numbers = {k: v for k, v in report.items() if isinstance(v, (int, float))} \
            if isinstance(report, dict) else {}
        if numbers:
            values[node] = float(numbers.get("mean", next(iter(numbers.values()))))
    return values


def _thumbnail(path: Path | None) -> Any:
    from PIL import Image

    if path is None:
        return None
    try:
        with Image.open(path) as im:
            im.seek(0)  # the first frame of a GIF or WebP
            frame = im.convert("RGB")
    except (OSError, ValueError):
        return None
    scale = CELL / max(frame.size)
    size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
    sharp = Image.Resampling.NEAREST if scale >= 1 else Image.Resampling.LANCZOS  # pixels stay crisp
    return frame.resize(size, sharp)


def write_contact(out_root: Path, rows: Sequence[dict[str, Any]]) -> Path:
    """contact.png: a grid of cells, each the variant's picture over its `--set`s (and evals)."""
    from PIL import Image, ImageDraw

    lines = max([len(r["labels"]) for r in rows] + [1])
    width, height = CELL + 16, CELL + 16 + 12 * lines
    cols = max(1, min(len(rows), math.ceil(math.sqrt(len(rows) * 1.5))))
    sheet = Image.new("RGB", (cols * width, math.ceil(len(rows) / cols) * height), "white")
    draw = ImageDraw.Draw(sheet)
    for i, row in enumerate(rows):
        x, y = (i % cols) * width, (i // cols) * height
        thumb = _thumbnail(row["image"])
        if thumb is None:
            draw.rectangle((x + 8, y + 8, x + 8 + CELL, y + 8 + CELL), fill=(224, 224, 224))
        else:
            sheet.paste(thumb, (x + 8 + (CELL - thumb.width) // 2, y + 8 + (CELL - thumb.height) // 2))
        for j, label in enumerate(row["labels"]):
            colour = (176, 0, 0) if row["status"] != "ok" and j == len(row["labels"]) - 1 else (0, 0, 0)
            draw.text((x + 8, y + CELL + 12 + 12 * j), label[:30], fill=colour)
    path = out_root / "contact.png"
    sheet.save(path)
    return path


def write_index(out_root: Path, title: str, rows: Sequence[dict[str, Any]],
                columns: Sequence[str]) -> Path:
    """index.html: a sortable table, one row per variant (picture, values, status, command)."""
    esc = html.escape
    head = "".join(f"<th onclick='sortBy({i + 1})'>{esc(c)}</th>" for i, c in enumerate(columns))
    body = []
    for row in rows:
        image = row["image"]
        rel = esc(str(image.relative_to(out_root))) if image is not None else ""
        picture = f"<a href='{rel}'><img src='{rel}' width='96'></a>" if rel else "-"
        cells = "".join(f"<td data-v='{esc(str(v))}'>{esc(str(v))}</td>" for v in row["values"])
        body.append(f"<tr><td><a href='{esc(row['name'])}/'>{esc(row['name'])}</a><br>{picture}</td>"
                    f"{cells}<td><code>{esc(row['command'])}</code></td></tr>")
    page = PAGE.format(title=esc(title), head=head, body="\n".join(body))
    path = out_root / "index.html"
    path.write_text(page, "utf-8")
    return path


PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;margin:1em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top}}th{{cursor:pointer;background:#eee}}
img{{image-rendering:pixelated}}code{{font-size:0.85em}}</style></head>
<body><h1>{title}</h1><p>Click a column to sort by it; each command reproduces its variant.</p>
<img src="contact.png" alt="contact sheet" style="max-width:100%"><table id="t">
<thead><tr><th>variant</th>{head}<th>command</th></tr></thead><tbody>
{body}
</tbody></table>
<script>
let last = -1, dir = 1;
function sortBy(col) {{
  dir = col === last ? -dir : 1; last = col;
  const tb = document.querySelector('#t tbody');
  const key = r => r.children[col].dataset.v;
  const rows = [...tb.rows].sort((a, b) => {{
    const x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
    return dir * (isNaN(nx) || isNaN(ny) ? x.localeCompare(y) : nx - ny);
  }});
  rows.forEach(r => tb.appendChild(r));
}}
</script></body></html>
"""
