"""Gallery entries: read `gallery/<slug>/recipe.gan` and its preview into plain records."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gandsl.errors import RecipeError
from gandsl.lang.values import Duration, Frames, Size, Track

RECIPE_NAME = "recipe.gan"
PREVIEW_NAMES = ("preview.gif", "preview.webp", "preview.png")
VIDEO_NAME = "video.mp4"  # an entry's video with sound (a music video), beside its silent preview
REQUIRED_ABOUT = ("title", "author", "license")
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class ParamRow:
    """One declared recipe param as the site shows it."""

    name: str
    type: str
    default: str
    help: str = ""


@dataclass(frozen=True)
class Change:
    """A param or node setting whose value differs from the parent recipe's."""

    name: str
    parent: str
    value: str


@dataclass(frozen=True)
class Entry:
    """One gallery entry: its recipe source, metadata, params, settings and preview file."""

    slug: str
    folder: Path
    source: str
    about: dict[str, Any]
    params: tuple[ParamRow, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)
    preview: Path | None = None
    sets: tuple[str, ...] = ()

    @property
    def video(self) -> Path | None:
        """The entry's video with sound (`video.mp4`), if it has one."""
        path = self.folder / VIDEO_NAME
        return path if path.is_file() and not path.is_symlink() else None

    @property
    def title(self) -> str:
        return str(self.about.get("title", self.slug))

    @property
    def author(self) -> str:
        return str(self.about.get("author", ""))

    @property
    def license(self) -> str:
        return str(self.about.get("license", ""))

    @property
    def description(self) -> str:
        return str(self.about.get("description", ""))

    @property
    def tags(self) -> list[str]:
        tags = self.about.get("tags") or []
        return [str(t) for t in (tags if isinstance(tags, list) else [tags])]

    @property
    def forked_from(self) -> str | None:
        parent = self.about.get("forked_from")
        return str(parent) if parent else None

    @property
    def command(self) -> str:
        """The exact command that rendered this entry's preview, from the project root."""
        import shlex

        tail = "".join(f" --set {shlex.quote(s)}" for s in self.sets)
        return f"gandsl run gallery/{self.slug}/{RECIPE_NAME}{tail}"


def format_value(value: Any) -> str:
    """A resolved value written back in recipe syntax."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (Size, Duration, Frames)):
        return str(value)
    if isinstance(value, Track):
        keys = ", ".join(f"{k.time}: {k.value:g}" + ("" if k.ease == "linear" else f" ease {k.ease}")
                         for k in value.keys)
        return f"keys {{ {keys} }}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if value is None:
        return "none"
    return str(value)


def type_name(value: Any) -> str:
    """The recipe type name of a resolved value."""
    names = {bool: "bool", int: "int", float: "float", str: "str", Size: "size",
             Duration: "duration", Frames: "frames", Track: "track", list: "list"}
    return names.get(type(value), type(value).__name__)


def find_preview(folder: Path) -> Path | None:
    """The entry's preview file, if one has been rendered (a symlink is not one: `gallery build`
    would copy whatever it points at into the site)."""
    return next((folder / n for n in PREVIEW_NAMES
                 if (folder / n).is_file() and not (folder / n).is_symlink()), None)


def builtin_gallery() -> Path:
    """The gallery that ships with gandsl: package data when installed, else (gandsl imported from a
    source tree) the repository's gallery/ beside the package."""
    from importlib import resources

    try:
        return Path(str(resources.files("gandsl.builtin_gallery")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "gallery"


def gallery_folder(given: Path | None) -> Path:
    """The gallery to read: the one given, else ./gallery when there is one, else the built-in one."""
    if given is not None:
        return given
    return Path("gallery") if Path("gallery").is_dir() else builtin_gallery()


def entry_folders(gallery_dir: Path) -> list[Path]:
    """Every entry folder of a gallery, by slug; a folder without a recipe is an error."""
    if not gallery_dir.is_dir():
        raise RecipeError(f"gallery folder `{gallery_dir}` does not exist", code="E601",
                          help="name a gallery folder (gandsl gallery build FOLDER, remix --gallery "
                               "FOLDER), or give none to use the built-in gallery")
    folders = sorted(p for p in gallery_dir.iterdir()
                     if p.is_dir() and not p.name.startswith((".", "_")))
    for folder in folders:
        if not (folder / RECIPE_NAME).is_file():
            raise RecipeError(f"gallery entry `{folder}` has no {RECIPE_NAME}", code="E602",
                              help=f"put the entry's recipe at {folder / RECIPE_NAME}")
        if not SLUG_PATTERN.match(folder.name):
            raise RecipeError(f"gallery entry `{folder.name}` is not a valid slug", code="E603",
                              help="use lowercase letters, digits, `-` and `_`")
    if not folders:
        raise RecipeError(f"gallery folder `{gallery_dir}` has no entries", code="E601",
                          help=f"add entries as {gallery_dir}/<slug>/{RECIPE_NAME}")
    return folders


def check_about(slug: str, about: dict[str, Any], path: Path) -> None:
    """An entry needs an about block with a title, an author and a license."""
    missing = [k for k in REQUIRED_ABOUT if not about.get(k)]
    if missing:
        what = "an about block" if not about else "about." + ", about.".join(missing)
        raise RecipeError(f"gallery entry `{slug}` ({path}) lacks {what}", code="E604",
                          help='add  about { title = "..."  author = "..."  license = "CC-BY-4.0" }')


def changes(entry: Entry, parent: Entry) -> list[Change]:
    """Params and node settings whose value differs from the parent's; `-` where absent."""
    mine = {p.name: p.default for p in entry.params} | entry.settings
    theirs = {p.name: p.default for p in parent.params} | parent.settings
    names = list(dict.fromkeys([*theirs, *mine]))
    return [Change(n, theirs.get(n, "-"), mine.get(n, "-"))
            for n in names if theirs.get(n) != mine.get(n)]
