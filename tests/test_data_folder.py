"""The folder data op: nested folders, mixed formats, transparency, broken files, empty folders."""
import numpy as np
import pytest
from PIL import Image

from gandsl.errors import NodeFailed
from gandsl.ops import data_folder
from gandsl.context import RunContext


def run_folder(path, warnings, size=16, channels=3):
    ctx = RunContext(node="mine", warn=warnings.append)
    return data_folder.run(ctx, {"path": str(path), "size": size, "channels": channels}, {})


@pytest.fixture()
def picture_folder(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    Image.new("RGB", (40, 20), (255, 0, 0)).save(tmp_path / "red.png")
    Image.new("RGB", (30, 50), (0, 255, 0)).save(tmp_path / "a" / "green.JPG")
    Image.new("RGB", (24, 24), (0, 0, 255)).save(tmp_path / "a" / "b" / "blue.webp")
    Image.new("RGBA", (32, 32), (0, 0, 0, 0)).save(tmp_path / "a" / "clear.png")
    Image.new("P", (32, 32), 0).save(tmp_path / "a" / "b" / "palette.png")
    Image.new("L", (32, 32), 128).save(tmp_path / "a" / "grey.jpeg")
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "a" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    return tmp_path


def test_reads_nested_mixed_formats_and_skips_broken(picture_folder):
    warnings = []
    images = run_folder(picture_folder, warnings)
    assert images.shape == (6, 3, 16, 16) and images.dtype == np.uint8
    assert len(warnings) == 1 and "broken.png" in warnings[0] and "notes" not in warnings[0]
    files = data_folder.files({"path": str(picture_folder)})
    names = [p.relative_to(picture_folder).as_posix() for p in files]
    assert names == ["a/b/blue.webp", "a/b/palette.png", "a/broken.png", "a/clear.png",
                     "a/green.JPG", "a/grey.jpeg", "red.png"]
    readable = [n for n in names if n != "a/broken.png"]
    assert tuple(images[readable.index("a/clear.png"), :, 8, 8]) == (255, 255, 255)
    blue = images[readable.index("a/b/blue.webp"), :, 8, 8].astype(int)   # webp is lossy
    assert blue[2] > 240 and blue[:2].max() < 15


def test_colours_survive_and_grey_conversion(picture_folder):
    warnings = []
    rgb = run_folder(picture_folder, warnings)
    grey = run_folder(picture_folder, warnings, channels=1)
    assert grey.shape == (6, 1, 16, 16)
    red = rgb[-1]
    assert red[0].min() > 240 and red[1].max() < 10 and abs(int(grey[-1].mean()) - 76) <= 1


def test_exif_orientation_is_applied(tmp_path):
    tall = Image.new("RGB", (20, 40), (0, 0, 0))
    tall.paste((255, 255, 255), (0, 0, 20, 20))          # top half white
    exif = Image.Exif()
    exif[0x0112] = 3                                      # rotated 180 degrees
    tall.save(tmp_path / "turned.jpg", exif=exif, quality=95)
    image = run_folder(tmp_path, [], size=8)[0, 0]
    assert image[-1].mean() > image[0].mean() + 100       # the white half is at the bottom


def test_center_crop_keeps_the_middle(tmp_path):
    wide = np.zeros((20, 60, 3), np.uint8)
    wide[:, 20:40] = 255                                  # a white middle third
    Image.fromarray(wide).save(tmp_path / "wide.png")
    image = run_folder(tmp_path, [], size=10)[0]
    assert image.min() > 200


def test_empty_folder_is_a_clear_error(tmp_path):
    (tmp_path / "sub").mkdir()
    with pytest.raises(NodeFailed, match=str(tmp_path)):
        run_folder(tmp_path, [])


def test_only_broken_files_is_an_error_after_the_warning(tmp_path):
    (tmp_path / "x.jpg").write_bytes(b"nope")
    warnings = []
    with pytest.raises(NodeFailed, match="no readable images"):
        run_folder(tmp_path, warnings)
    assert len(warnings) == 1 and "x.jpg" in warnings[0]


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(NodeFailed, match="not found"):
        run_folder(tmp_path / "nowhere", [])
    assert data_folder.files({"path": str(tmp_path / "nowhere")}) == []


def test_a_decompression_bomb_is_refused_in_words_not_a_raw_warning(tmp_path):
    import warnings

    from PIL import Image

    from gandsl.data.crops import open_source
    from gandsl.errors import NodeFailed

    Image.new("L", (12000, 12000)).save(tmp_path / "huge.png")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(NodeFailed, match="144 megapixels, over the 89-megapixel limit"):
            open_source(tmp_path / "huge.png")


def test_a_folder_of_a_whole_disk_is_refused_without_reading_it(tmp_path, monkeypatch):
    from gandsl.data import folder as folder_mod

    for i in range(30):
        (tmp_path / f"d{i}").mkdir()
        (tmp_path / f"d{i}" / "x.png").write_bytes(b"")
    assert len(folder_mod.image_files(tmp_path)) == 30  # the limit is far above a real data set
    monkeypatch.setattr(folder_mod, "MAX_FOLDER_ENTRIES", 25)
    [problem] = data_folder.check({"path": str(tmp_path)}, {})
    assert problem.code == "E070" and "over 25 files and folders" in problem.message


def _keys(recipe_path):
    from gandsl.engine.keys import FileDigests, Keyer
    from gandsl.engine.session import load_recipe
    from gandsl.ops.registry import get_op

    keyer = Keyer(load_recipe(recipe_path), get_op, FileDigests(None))
    return keyer.material("d", {}).key, keyer.material("d", {}).data


def test_a_moved_project_keeps_its_keys_and_a_renamed_picture_changes_them(tmp_path):
    import shutil

    first = tmp_path / "one" / "project"
    (first / "pics").mkdir(parents=True)
    for i in range(3):
        Image.new("RGB", (20, 20), (i * 80, 0, 0)).save(first / "pics" / f"p{i}.png")
    (first / "r.gan").write_text('gandsl 1\ndata d = folder {\n  path = "pics"\n  size = 16\n}\n')
    moved = tmp_path / "elsewhere" / "deeper" / "copy"
    shutil.copytree(first, moved)
    key, data = _keys(first / "r.gan")
    assert data["params"]["path"] == "pics" and data["files"][0][0] == "pics/p0.png"
    assert _keys(moved / "r.gan")[0] == key, "a cache shared by two clones serves both"
    (moved / "pics" / "p2.png").rename(moved / "pics" / "p3.png")
    assert _keys(moved / "r.gan")[0] != key
