"""How long each track of an MP4 plays, read from its boxes (what ffprobe reports, no ffprobe):
the edit list's segments when there is one (AAC's priming samples are cut there), else the
media duration."""
from __future__ import annotations

import struct
from pathlib import Path
from typing import Iterator

_CONTAINERS = {b"moov", b"trak", b"mdia", b"edts", b"minf"}


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in data[start:end]."""
    i = start
    while i + 8 <= end:
        size, kind = struct.unpack(">I4s", data[i:i + 8])
        head = 8
        if size == 1:
            size, head = struct.unpack(">Q", data[i + 8:i + 16])[0], 16
        elif size == 0:
            size = end - i
        if size < head:
            raise ValueError("malformed MP4 box")
        yield kind, i + head, min(i + size, end)
        i += size


def _find(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    return next(((a, b) for k, a, b in _boxes(data, start, end) if k == kind), None)


def _full(data: bytes, at: int, small: str, big: str) -> tuple:
    """The fields of a versioned box (version 1 uses 64-bit times)."""
    version = data[at]
    fmt = big if version == 1 else small
    return struct.unpack(fmt, data[at + 4:at + 4 + struct.calcsize(fmt)])


def _track(data: bytes, a: int, b: int, movie_scale: int) -> tuple[str, float]:
    """(handler kind 'vide' or 'soun', seconds the track plays)."""
    ma, mb = _find(data, a, b, b"mdia")
    ha, _ = _find(data, ma, mb, b"hdlr")
    kind = data[ha + 8:ha + 12].decode("ascii", "replace")
    da, _ = _find(data, ma, mb, b"mdhd")
    scale, duration = _full(data, da, ">8xII", ">16xIQ")
    edts = _find(data, a, b, b"edts")
    if edts is not None:
        ea, _ = _find(data, *edts, b"elst")
        version, count = data[ea], struct.unpack(">I", data[ea + 4:ea + 8])[0]
        step, fmt = (20, ">Qq") if version == 1 else (12, ">Ii")
        total = 0
        for j in range(count):  # empty edits (media time -1) delay the start: they count too
            at = ea + 8 + j * step
            total += struct.unpack(fmt, data[at:at + struct.calcsize(fmt)])[0]
        return kind, total / movie_scale
    return kind, duration / scale


def track_seconds(path: Path) -> dict[str, float]:
    """{'vide': seconds, 'soun': seconds} of the first video and sound tracks of an MP4."""
    data = Path(path).read_bytes()
    moov = _find(data, 0, len(data), b"moov")
    if moov is None:
        raise ValueError(f"{path} has no moov box")
    ha, _ = _find(data, *moov, b"mvhd")
    movie_scale = _full(data, ha, ">8xI", ">16xI")[0]
    out: dict[str, float] = {}
    for kind, a, b in _boxes(data, *moov):
        if kind == b"trak":
            handler, seconds = _track(data, a, b, movie_scale)
            out.setdefault(handler, seconds)
    return out
