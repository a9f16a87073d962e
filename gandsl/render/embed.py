"""The recipe carried by rendered files: its JSON form, XMP packets, reading back and replay.

PNG files hold it in an iTXt chunk `gandsl`, GIFs in their comment, WebP files in an XMP packet
and MP4 files in the `comment` tag (metadata.py writes the text). read_meta(file) finds it
whatever the format.
"""
from __future__ import annotations

import json
import os
import posixpath
import re
from pathlib import Path
from typing import Any

from gandsl.errors import RecipeError
from gandsl.render.metadata import (KEY, MAX_META_CHARS, meta_text,  # noqa: F401 (re-export)
                                    xmp_packet, xmp_text)

MAX_CLIMB = 8  # how many folders above the main recipe an embedded import may live


def read_meta(file: str | Path) -> dict[str, Any]:
    """The recipe metadata embedded in a rendered PNG, GIF, WebP or MP4 (or a frames folder)."""
    path = _rendered_file(Path(file))
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError as err:
        raise RecipeError(f"cannot read `{file}`: {err.strerror or err}", code="E702") from None
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
    if len(text) > MAX_META_CHARS:
        raise RecipeError(f"the recipe embedded in `{file}` is too large ({len(text)} characters)",
                          code="E703", help=f"embedded recipes hold at most {MAX_META_CHARS}")
    try:
        meta = json.loads(text)
    except (ValueError, RecursionError):
        meta = None
    problem = _meta_problem(meta)
    if problem:
        raise RecipeError(f"the recipe embedded in `{file}` is damaged: {problem}", code="E703",
                          help="the file was edited or crafted; `gandsl extract --json` shows it")
    return meta


def _meta_problem(meta: Any) -> str:
    """What is wrong with the shape of embedded metadata, or ''."""
    if not isinstance(meta, dict):
        return "not a JSON object"
    sources, main, params = meta.get("sources"), meta.get("main"), meta.get("params", {})
    if not isinstance(sources, dict) or not sources:
        return "`sources` is not an object of file texts"
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in sources.items()):
        return "a source is not text"
    if not isinstance(main, str) or main not in sources:
        return "`main` does not name one of the sources"
    if not isinstance(params, dict):
        return "`params` is not an object"
    return ""


def _source_parts(name: str) -> list[str]:
    """A source's path parts relative to the main recipe's folder (leading `..` allowed)."""
    bad = (not name or "\0" in name or "\\" in name or name.startswith("/")
           or any(ord(c) < 32 for c in name))
    norm = posixpath.normpath(name) if not bad else ""
    parts = norm.split("/")
    climb = len(parts) - len([p for p in parts if p != ".."])
    if bad or parts[climb:] == [] or ".." in parts[climb:] or parts == ["."]:
        raise RecipeError(f"embedded source path {name!r} leaves its folder (not a plain relative path)",
                          code="E704")
    if not name.endswith(".gan") or any(p.startswith(".") or not p.strip() for p in parts[climb:]):
        raise RecipeError(f"embedded source {name!r} is not a visible `.gan` recipe file", code="E704",
                          help="a rendered file carries only recipes (`NAME.gan`); this one was crafted")
    return parts


def _main_name(name: str) -> None:
    stem = name[:-4] if name.endswith(".gan") else ""
    if "/" in name or stem.strip(". ") == "" or any(ord(c) < 32 for c in name):
        raise RecipeError(f"embedded main recipe name {name!r} is not a plain `.gan` file name",
                          code="E705", help="a crafted file; its name could not name an "
                          "output folder safely")


def _layout(meta: dict[str, Any], climb_ok: bool) -> dict[str, list[str]]:
    """Each source's parts inside the materialized folder; refuses climbs and file/folder clashes."""
    _main_name(meta["main"])
    parts = {name: _source_parts(name) for name in meta["sources"]}
    climb = max(sum(p == ".." for p in ps) for ps in parts.values())
    if climb and not climb_ok or climb > MAX_CLIMB:
        worst = max(parts, key=lambda n: sum(p == ".." for p in parts[n]))
        raise RecipeError(f"embedded source path `{worst}` leaves its folder", code="E704",
                          help=f"a replay may import files at most {MAX_CLIMB} folders up")
    base = [f"up{i}" for i in range(climb)]
    placed: dict[str, list[str]] = {}
    for name, ps in parts.items():
        up = sum(p == ".." for p in ps)
        placed[name] = base[:len(base) - up] + ps[up:]
    files = {"/".join(p) for p in placed.values()}
    for name, ps in placed.items():
        if any("/".join(ps[:i]) in files for i in range(1, len(ps))):
            raise RecipeError(f"embedded source `{name}` clashes with a file of the same name",
                              code="E704")
    if len(files) != len(placed):
        raise RecipeError("two embedded sources name the same file", code="E704")
    return placed


def materialize(file: str | Path, folder: str | Path, *, climb_ok: bool = False,
                written: list[Path] | None = None) -> Path:
    """Write the embedded sources (main recipe and its imports) into folder; return the main.

    With climb_ok (a replay into a private folder) imports above the main recipe's folder
    (`../lib.gan`) are laid out by placing the main recipe in nested folders `up0/up1/...`.
    Files are only ever created: never over an existing file, never through a symlink (E705).
    Every path written is appended to `written`.
    """
    meta = read_meta(file)
    folder = Path(folder)
    placed = _layout(meta, climb_ok)
    for name, text in sorted(meta["sources"].items()):
        target = _new_file(folder, placed[name], text)
        if written is not None:
            written.append(target)
    return folder.joinpath(*placed[meta["main"]])


def _new_file(folder: Path, parts: list[str], text: str) -> Path:
    """Create folder/parts... as a new file, each folder on the way a real folder (no symlink)."""
    here = folder
    for part in [""] + parts[:-1]:
        here = here / part if part else here
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            raise RecipeError(f"cannot write into `{here}`: it is a symlink or a file", code="E705",
                              help="extract into a new, empty folder")
        here.mkdir(parents=True, exist_ok=True)
    target = here / parts[-1]
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        raise RecipeError(f"`{target}` exists; extract never overwrites a file", code="E705",
                          help="extract into a new, empty folder") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return target


def replay_sets(meta: dict[str, Any]) -> list[str]:
    """`NAME=VALUE` overrides (recipe syntax) that restore the embedded resolved params."""
    params = sorted(meta.get("params", {}).items())
    for name, _ in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", name):
            raise RecipeError(f"embedded param name {name!r} is not a param name", code="E703")
    return [f"{name}={value_syntax(value)}" for name, value in params if value is not None]


def overrides(meta: dict[str, Any]) -> list[str]:
    """`NAME=VALUE` of the params the file was rendered with that differ from the recipe's
    defaults: recorded as `sets`, or (older files) found by comparing literal defaults."""
    if "sets" in meta:
        if not isinstance(meta["sets"], dict):
            raise RecipeError("the file's embedded `sets` is not a table", code="E703")
        return [f"{k}={value_syntax(v)}" for k, v in sorted(meta["sets"].items())]
    from gandsl.lang import ast
    from gandsl.lang.check import BAD, Report
    from gandsl.lang.check_values import evaluate
    from gandsl.lang.parse import parse
    from gandsl.lang.values import canonical

    params, found = meta.get("params", {}), []
    for stmt in parse(meta["sources"][meta["main"]], meta["main"]).statements:
        if isinstance(stmt, ast.Param) and stmt.name.text in params:
            default = evaluate(stmt.default, lambda ref: BAD, Report())
            value = params[stmt.name.text]
            if default is not BAD and value is not None and canonical(default) != value:
                found.append(f"{stmt.name.text}={value_syntax(value)}")
    return sorted(found)


def value_syntax(value: Any) -> str:
    """Recipe syntax of a canonical value (see gandsl.lang.values.canonical); E703 for a value of
    another shape (metadata is read from files, so it may be anything JSON can say)."""
    try:
        return _value_syntax(value)
    except (TypeError, KeyError, ValueError, IndexError, AttributeError, RecursionError):
        raise RecipeError(f"cannot write `{str(value)[:80]}` in recipe syntax", code="E703",
                          help="the file's embedded metadata is damaged or was crafted") from None


def _word(text: Any) -> str:
    if not isinstance(text, str) or not re.fullmatch(r"[a-z_]+", text):
        raise ValueError(text)
    return text


def _value_syntax(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value_syntax(v) for v in value) + "]"
    if isinstance(value, dict) and "size" in value:
        w, h = value["size"]
        return f"{int(w)}x{int(h)}"
    if isinstance(value, dict) and "s" in value:
        return f"{float(value['s']):g}s"
    if isinstance(value, dict) and "f" in value:
        return f"{int(value['f'])}f"
    if isinstance(value, dict) and "keys" in value:
        keys = ", ".join(f"{_value_syntax(t)}: {_value_syntax(v)} ease {_word(e)}"
                         for t, v, e in value["keys"])
        return "keys { " + keys + " }"
    raise RecipeError(f"cannot write `{value}` in recipe syntax", code="E703")
