"""Placing outputs can never write outside the output folder nor replace a folder gandsl did not make."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from gandsl.engine.place import PlaceError, place_artifact
from gandsl.engine.store import FileStore


def _file_entry(tmp_path: Path, text: str = "GIF89a fake"):
    store = FileStore(tmp_path / "cache")
    return store.put("f" * 32, lambda d: (d / "artifact.gif").write_text(text), {})


def _folder_entry(tmp_path: Path):
    def write(folder: Path) -> None:
        (folder / "artifact").mkdir()
        for i in range(2):
            (folder / "artifact" / f"frame_{i}.png").write_text(str(i))

    return FileStore(tmp_path / "cache").put("d" * 32, write, {})


@pytest.mark.parametrize("out", [".", "./", "a/..", "..", "../x.gif", "a/../../x.gif",
                                 "/etc/x.gif", "x\0.gif", ""])
def test_names_that_are_not_inside_the_output_folder_are_refused(out, tmp_path):
    out_dir = tmp_path / "out" / "r"
    out_dir.mkdir(parents=True)
    (out_dir / "keep.txt").write_text("mine")
    if out == "":
        assert place_artifact(_file_entry(tmp_path), out_dir, "clip", {"out": out}).name == "clip.gif"
        return
    with pytest.raises(PlaceError) as err:
        place_artifact(_file_entry(tmp_path), out_dir, "clip", {"out": out})
    assert err.value.diagnostics[0].code == "E710"
    assert (out_dir / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "out"]


def test_a_symlink_inside_the_output_folder_cannot_lead_outside(tmp_path):
    out_dir, elsewhere = tmp_path / "out" / "r", tmp_path / "elsewhere"
    out_dir.mkdir(parents=True)
    elsewhere.mkdir()
    os.symlink(elsewhere, out_dir / "evil")
    with pytest.raises(PlaceError) as err:
        place_artifact(_file_entry(tmp_path), out_dir, "clip", {"out": "evil/x.gif"})
    assert err.value.diagnostics[0].code == "E711"
    assert list(elsewhere.iterdir()) == []


def test_a_symlink_to_a_folder_inside_is_followed(tmp_path):
    out_dir = tmp_path / "out" / "r"
    (out_dir / "real").mkdir(parents=True)
    os.symlink(out_dir / "real", out_dir / "link")
    place_artifact(_file_entry(tmp_path), out_dir, "clip", {"out": "link/x.gif"})
    assert (out_dir / "real" / "x.gif").read_text() == "GIF89a fake"


def test_a_symlink_in_place_of_the_output_is_replaced_not_followed(tmp_path):
    out_dir, target = tmp_path / "out" / "r", tmp_path / "victim.gif"
    out_dir.mkdir(parents=True)
    target.write_text("precious")
    os.symlink(target, out_dir / "x.gif")
    place_artifact(_file_entry(tmp_path), out_dir, "clip", {"out": "x.gif"})
    assert target.read_text() == "precious"
    assert not (out_dir / "x.gif").is_symlink()
    assert (out_dir / "x.gif").read_text() == "GIF89a fake"


@pytest.mark.parametrize("make_entry", [_file_entry, _folder_entry])
def test_a_folder_gandsl_did_not_make_is_never_replaced(make_entry, tmp_path):
    out_dir = tmp_path / "out" / "r"
    (out_dir / ".git").mkdir(parents=True)
    (out_dir / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out_dir / "photos").mkdir()
    with pytest.raises(PlaceError) as err:
        place_artifact(make_entry(tmp_path), out_dir, "frames", {"out": ".git"})
    assert err.value.diagnostics[0].code == "E710"  # hidden names are never outputs
    with pytest.raises(PlaceError) as err:
        place_artifact(make_entry(tmp_path), out_dir, "frames", {"out": "photos"})
    assert err.value.diagnostics[0].code == "E712"
    assert (out_dir / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert sorted(p.name for p in out_dir.iterdir()) == [".git", "photos"]


@pytest.mark.parametrize("marker", ["forged", "symlink", "copied"])
def test_a_marker_gandsl_did_not_write_for_that_folder_proves_nothing(marker, tmp_path):
    out_dir = tmp_path / "out" / "r"
    place_artifact(_folder_entry(tmp_path), out_dir, "made", {"out": None})
    (out_dir / "photos").mkdir()
    (out_dir / "photos" / "me.jpg").write_text("precious")
    fake = out_dir / ".photos.gandsl-output"
    if marker == "forged":
        fake.write_text("made by gandsl: `gandsl run` may replace this folder\n")
    elif marker == "symlink":
        os.symlink(out_dir / ".made.gandsl-output", fake)
    else:
        fake.write_text((out_dir / ".made.gandsl-output").read_text())
    with pytest.raises(PlaceError) as err:
        place_artifact(_folder_entry(tmp_path), out_dir, "frames", {"out": "photos"})
    assert err.value.diagnostics[0].code == "E712"
    assert (out_dir / "photos" / "me.jpg").read_text() == "precious"


@pytest.mark.parametrize("out", ["..git.gandsl-output", "a/.hidden.gif", "x.gandsl-output", " ", "a/ /b.gif"])
def test_hidden_blank_and_reserved_names_are_never_outputs(out, tmp_path):
    with pytest.raises(PlaceError) as err:
        place_artifact(_file_entry(tmp_path), tmp_path / "out", "clip", {"out": out})
    assert err.value.diagnostics[0].code == "E710"
    assert not list((tmp_path / "out").rglob("*.gandsl-output"))


def test_a_symlinked_marker_is_replaced_not_written_through(tmp_path):
    out_dir, victim = tmp_path / "out" / "r", tmp_path / "victim.txt"
    out_dir.mkdir(parents=True)
    victim.write_text("precious")
    os.symlink(victim, out_dir / ".pngs.gandsl-output")
    place_artifact(_folder_entry(tmp_path), out_dir, "pngs", {"out": None})
    assert victim.read_text() == "precious" and not (out_dir / ".pngs.gandsl-output").is_symlink()


def test_a_folder_gandsl_made_is_replaced(tmp_path):
    out_dir = tmp_path / "out" / "r"
    place_artifact(_folder_entry(tmp_path), out_dir, "pngs", {"out": None})
    place_artifact(_file_entry(tmp_path), out_dir, "pngs", {"out": "pngs"})
    assert (out_dir / "pngs").read_text() == "GIF89a fake"


def test_a_preview_replaces_a_planted_symlink_instead_of_following_it(tmp_path):
    import numpy as np

    from gandsl.gan.preview import write_png

    out_dir, victim = tmp_path / "out" / "r", tmp_path / "victim.txt"
    out_dir.mkdir(parents=True)
    victim.write_text("precious")
    os.symlink(victim, out_dir / "run_preview.png")
    write_png(np.zeros((4, 4, 3), np.uint8), out_dir / "run_preview.png")
    assert victim.read_text() == "precious"
    assert not (out_dir / "run_preview.png").is_symlink()
    assert [p.name for p in out_dir.iterdir()] == ["run_preview.png"]
    assert (out_dir / "run_preview.png").stat().st_mode & 0o777 == 0o644  # readable like any output


def test_a_folder_output_over_an_existing_file_is_a_clear_error(tmp_path):
    out_dir = tmp_path / "out" / "r"
    out_dir.mkdir(parents=True)
    (out_dir / "pngs").write_text("mine")
    with pytest.raises(PlaceError) as err:
        place_artifact(_folder_entry(tmp_path), out_dir, "pngs", {"out": None})
    assert err.value.diagnostics[0].code == "E712" and "a file is in the way" in str(err.value)
    assert (out_dir / "pngs").read_text() == "mine"


def test_a_symlink_to_a_sibling_whose_name_extends_the_output_folder_is_outside(tmp_path):
    out_dir, sibling = tmp_path / "out" / "r", tmp_path / "out" / "r2"
    out_dir.mkdir(parents=True)
    sibling.mkdir()
    os.symlink(sibling, out_dir / "link")  # "out/r2" starts with "out/r": only a separator tells
    with pytest.raises(PlaceError) as err:
        place_artifact(_file_entry(tmp_path), out_dir, "clip", {"out": "link/x.gif"})
    assert err.value.diagnostics[0].code == "E711" and not list(sibling.iterdir())
