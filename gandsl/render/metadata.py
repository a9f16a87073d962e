"""The recipe's embedded form (a leaf): canonical JSON text, the PNG key and XMP packets."""
from __future__ import annotations

import json
import re
from typing import Any
from xml.sax.saxutils import escape, unescape

from gandsl.errors import RecipeError

KEY = "gandsl"
MAX_META_CHARS = 4_000_000  # an embedded recipe larger than this is refused (read and write)
XMP_NS = "https://gandsl.org/ns/recipe/1.0/"
_XMP_RE = re.compile(rb"<gandsl:recipe>(.*?)</gandsl:recipe>", re.S)


def meta_text(meta: dict[str, Any]) -> str:
    """The canonical JSON of recipe metadata (sorted keys, compact), stable byte for byte."""
    text = json.dumps(meta, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if len(text) > MAX_META_CHARS:
        raise RecipeError(f"the recipe is too large to embed ({len(text)} characters)",
                          code="E706", help=f"embedded recipes hold at most {MAX_META_CHARS}")
    return text


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
