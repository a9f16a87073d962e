"""The recipe carried by rendered files: its JSON form, XMP packets, reading back and replay.

PNG files hold it in an iTXt chunk `gandsl`, GIFs in their comment, WebP files in an XMP packet
and MP4 files in the `comment` tag. read_meta(file) finds it whatever the format.
"""
from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any
from xml.sax.saxutils import escape, unescape

from gandsl.errors import RecipeError

KEY = "gandsl"
XMP_NS = "https://gandsl.org/ns/recipe/1.0/"
_XMP_RE = re.compile(rb"<gandsl:recipe>(.*?)</gandsl:recipe>", re.S)


def meta_text(meta: dict[str, Any]) -> str:
    """The canonical JSON of recipe metadata (sorted keys, compact), stable byte for byte."""
    return json.dumps(meta, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def xmp_packet(text: str) -> bytes:
    """An XMP packet holding text in a `gandsl:recipe` property."""
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'<rdf:Description rdf:about="" xmlns:gandsl="{XMP_NS}">'
            f'<gandsl:recipe>{escape(text)}</gandsl:recipe>'
            '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode("utf-8")


def xmp_text(packet: bytes | str | None) -> str | None:
    """The `gandsl:recipe` text of an XMP packet, or None."""
    if not packet:
        return None
    data = packet.encode("utf-8") if isinstance(packet, str) else packet
    found = _XMP_RE.search(data)
    return unescape(found.group(1).decode("utf-8")) if found else None


def read_meta(file: str | Path) -> dict[str, Any]:
    """The recipe metadata embedded in a rendered PNG, GIF, WebP or MP4 (or a frames folder)."""
    path = _rendered_file(Path(file))
    head = path.read_bytes()[:12]
    reader = _reader_for(head)
    if reader is None:
        raise RecipeError(f"`{file}` is not a PNG, GIF, WebP or MP4 file", code="E702")
    try:
        text = reader(path)
    except Exception as err:  # a damaged file: any decoder error is a user-facing problem
        raise RecipeError(f"cannot read `{file}`: {err}", code="E702") from None
    if not text:
        raise RecipeError(f"no gandsl recipe is embedded in `{file}`", code="E701",
                          help="only files rendered by `gandsl run` carry their recipe")
    return _parsed(text, file)


def _rendered_file(path: Path) -> Path:
    if path.is_dir():
        pngs = sorted(path.glob("*.png"))
        if not pngs:
            raise RecipeError(f"folder `{path}` holds no rendered PNG frames", code="E702")
        return pngs[0]
    if not path.is_file():
        raise RecipeError(f"file `{path}` does not exist", code="E702")
    return path


def _reader_for(head: bytes):
    from gandsl.render import gif, mp4, png, webp

    if head.startswith(b"\x89PNG"):
        return png.read_text
    if head.startswith(b"GIF8"):
        return gif.read_comment
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return webp.read_xmp
    if head[4:8] == b"ftyp":
        return mp4.read_comment
    return None


def _parsed(text: str, file: Any) -> dict[str, Any]:
    try:
        meta = json.loads(text)
    except json.JSONDecodeError:
        meta = None
    ok = (isinstance(meta, dict) and isinstance(meta.get("sources"), dict)
          and meta.get("main") in meta["sources"])
    if not ok:
        raise RecipeError(f"the recipe embedded in `{file}` is damaged", code="E703")
    return meta


def _safe_relative(name: str) -> PurePosixPath:
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or "\\" in name:
        raise RecipeError(f"embedded source path `{name}` leaves its folder", code="E704")
    return rel


def materialize(file: str | Path, folder: str | Path) -> Path:
    """Write the embedded sources (main recipe and its imports) into folder; return the main."""
    meta = read_meta(file)
    folder = Path(folder)
    for name, text in sorted(meta["sources"].items()):
        target = folder.joinpath(*_safe_relative(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder.joinpath(*_safe_relative(meta["main"]).parts)


def replay_sets(meta: dict[str, Any]) -> list[str]:
    """`NAME=VALUE` overrides (recipe syntax) that restore the embedded resolved params."""
    params = sorted(meta.get("params", {}).items())
    return [f"{name}={value_syntax(value)}" for name, value in params if value is not None]


def value_syntax(value: Any) -> str:
    """Recipe syntax of a canonical value (see gandsl.lang.values.canonical)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(value_syntax(v) for v in value) + "]"
    if isinstance(value, dict) and "size" in value:
        return f"{value['size'][0]}x{value['size'][1]}"
    if isinstance(value, dict) and "s" in value:
        return f"{value['s']}s"
    if isinstance(value, dict) and "f" in value:
        return f"{value['f']}f"
    if isinstance(value, dict) and "keys" in value:
        keys = ", ".join(f"{value_syntax(t)}: {value_syntax(v)} ease {e}"
                         for t, v, e in value["keys"])
        return "keys { " + keys + " }"
    raise RecipeError(f"cannot write `{value}` in recipe syntax", code="E703")
