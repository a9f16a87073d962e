"""The static gallery site built from Entry records: cards, pages, links, escaping, offline."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from gandsl.errors import RecipeError
from gandsl.gallery.entries import Entry, ParamRow, changes
from gandsl.gallery.highlight import highlight
from gandsl.gallery.site.build import build_site

SOURCE = '''gandsl 1
about { title = "Alpha" }  # a comment
param steps: int = 300 "training steps"
data digits = digits { size = 32 }
walk w = great_circle { duration = 4s grid = 3x3 }
'''


def make_gif(path: Path, size: int = 16) -> Path:
    """A tiny three-frame looping GIF."""
    frames = [Image.new("RGB", (size, size), (40 * i, 90, 200 - 40 * i)) for i in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:], loop=0, duration=100)
    return path


def make_entry(root: Path, slug: str, about: dict, params=(), settings=None, preview=True) -> Entry:
    folder = root / slug
    folder.mkdir(parents=True)
    gif = make_gif(folder / "preview.gif") if preview else None
    return Entry(slug=slug, folder=folder, source=SOURCE, about=about, params=tuple(params),
                 settings=settings or {}, preview=gif)


@pytest.fixture()
def entries(tmp_path: Path) -> list[Entry]:
    base = {"author": "ana", "license": "CC-BY-4.0"}
    alpha = make_entry(tmp_path / "g", "alpha", {**base, "title": "Alpha", "tags": ["digits", "loop"]},
                       [ParamRow("steps", "int", "300", "training steps")], {"w.grid": "3x3"})
    beta = make_entry(tmp_path / "g", "beta",
                      {**base, "title": "Beta", "tags": ["loop"], "forked_from": "alpha"},
                      [ParamRow("steps", "int", "500", "training steps"),
                       ParamRow("seed", "int", "3", "")], {"w.grid": "4x4"})
    nasty = make_entry(tmp_path / "g", "nasty",
                       {**base, "title": '<script>alert(1)</script> & "q"', "tags": ["a&b"],
                        "description": "<b>bold</b>"}, preview=False)
    return [alpha, beta, nasty]


class Links(HTMLParser):
    """Collects href and src attributes and the text of tags."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.refs += [v for k, v in attrs if k in ("href", "src") and v]


def refs_of(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text())
    return parser.refs


def test_index_has_a_card_per_entry_linking_to_its_page(entries, tmp_path):
    site = tmp_path / "site"
    pages = build_site(entries, site)
    index = (site / "index.html").read_text()
    assert len(pages) == 4 and len(entries) == 3
    for entry in entries:
        assert f'href="{entry.slug}/index.html"' in index
        assert (site / entry.slug / "index.html").is_file()
    assert (site / "alpha" / "preview.gif").is_file()
    assert "CC-BY-4.0" in index and "by ana" in index
    assert 'data-filter="loop"' in index and 'data-tag="digits"' in index


def test_every_local_link_resolves(entries, tmp_path):
    site = tmp_path / "site"
    pages, checked = build_site(entries, site), 0
    for page in pages:
        for ref in refs_of(page):
            if ref.startswith(("data:", "#")) or ref.startswith(("http:", "https:")):
                assert not ref.startswith("http"), f"{page} links off-site: {ref}"
                continue
            target = (page.parent / ref.split("#")[0]).resolve()
            assert target.exists(), f"{page}: broken link {ref}"
            checked += 1
    assert len(pages) == 4 and checked >= 4 * 2  # each page links at least its CSS and a page


def test_site_is_offline(entries, tmp_path):
    site = tmp_path / "site"
    build_site(entries, site)
    texts = [p for p in site.rglob("*") if p.suffix in (".html", ".css", ".js")]
    assert {p.suffix for p in texts} == {".html", ".css", ".js"}
    for path in texts:
        assert not re.search(r"https?://|//cdn", path.read_text()), path


def test_everything_is_escaped(entries, tmp_path):
    site = tmp_path / "site"
    build_site(entries, site)
    for page in (site / "index.html", site / "nasty" / "index.html"):
        text = page.read_text()
        assert "<script>alert" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "a&amp;b" in text
    assert "&lt;b&gt;bold&lt;/b&gt;" in (site / "nasty" / "index.html").read_text()


def test_entry_page_shows_source_command_and_params(entries, tmp_path):
    site = tmp_path / "site"
    build_site(entries, site)
    page = (site / "alpha" / "index.html").read_text()
    assert "gandsl run gallery/alpha/recipe.gan" in page
    assert '<span class="c1"># a comment</span>' in page
    assert '<span class="m">4s</span>' in page
    assert re.search(r"<td><code>steps</code></td><td>int</td><td><code>300</code></td>"
                     r"<td>training steps</td>", page)
    assert 'id="copy-recipe"' in page
    assert (site / "alpha" / "recipe.gan").read_text() == SOURCE


def test_fork_links_to_parent_and_lists_changes(entries, tmp_path):
    site = tmp_path / "site"
    build_site(entries, site)
    index = (site / "index.html").read_text()
    assert 'remix of <a href="alpha/index.html">Alpha</a>' in index
    page = (site / "beta" / "index.html").read_text()
    assert 'href="../alpha/index.html"' in page
    rows = re.findall(r"<tr><td><code>([\w.]+)</code></td><td><code>([^<]*)</code></td>"
                      r"<td><code>([^<]*)</code></td></tr>", page)
    assert ("steps", "300", "500") in rows and ("w.grid", "3x3", "4x4") in rows
    assert ("seed", "-", "3") in rows
    assert not any(name == "alpha" for name, _, _ in rows)


def test_changes_ignore_equal_values(entries):
    alpha, beta, _ = entries
    assert changes(alpha, alpha) == []
    assert {c.name for c in changes(beta, alpha)} == {"steps", "seed", "w.grid"}


def test_rebuild_replaces_own_site_but_refuses_foreign_folder(entries, tmp_path):
    site = tmp_path / "site"
    build_site(entries, site)
    build_site(entries[:1], site)
    assert not (site / "beta").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(RecipeError, match="did not build"):
        build_site(entries, foreign)
    assert (foreign / "notes.txt").read_text() == "keep me"


def test_highlight_marks_tokens_and_keeps_text():
    out = highlight(SOURCE + 'x = "<&>" 20k 50ms 12f true\n')
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == SOURCE + 'x = "<&>" 20k 50ms 12f true\n'
    for cls, text in [("k", "about"), ("kd", "data"), ("nc", "digits"), ("kt", "int"),
                      ("s2", '"training steps"'), ("m", "3x3"), ("m", "20k"), ("m", "50ms"),
                      ("m", "12f"), ("kc", "true"), ("s2", '"&lt;&amp;&gt;"')]:
        assert f'<span class="{cls}">{text}</span>' in out, (cls, text)
    assert "<&>" not in out


def test_a_symlinked_preview_is_not_a_preview(tmp_path):
    import os

    from gandsl.gallery.entries import find_preview

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG private")
    entry = tmp_path / "entry"
    entry.mkdir()
    os.symlink(secret, entry / "preview.png")
    assert find_preview(entry) is None
