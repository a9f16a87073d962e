"""Labelled data: digits, glyphs, shapes and `folder { classes = true }` carry classes."""
import numpy as np
import pytest
from PIL import Image

from gandsl.data.store import labels_of
from gandsl.errors import NodeFailed
from gandsl.context import RunContext
from gandsl.ops.registry import get_op, ops_of_stage


def run(name, **params):
    op = get_op("data", name)
    p = {s.name: s.default for s in op.spec.params if not s.required}
    p.update(params)
    warnings = []
    return op.run(RunContext(node="d", warn=warnings.append), p, {}), warnings


def test_digits_are_labelled_with_the_digit_they_show():
    from sklearn.datasets import load_digits

    images, _ = run("digits", size=16, count=60, seed=3)
    labels, names = labels_of(images)
    assert list(names) == list("0123456789") and labels.shape == (60,)
    picks = np.random.default_rng(3).integers(0, 1797, 60)  # the scans make_digits drew
    assert np.array_equal(labels, load_digits().target[picks])


def test_glyphs_have_one_class_per_character_and_shapes_one_per_kind():
    images, _ = run("glyphs", size=16, count=40, chars="CAB A")
    labels, names = labels_of(images)
    assert list(names) == ["A", "B", "C"] and set(labels.tolist()) == {0, 1, 2}
    assert get_op("data", "glyphs").module.classes({"chars": "CAB A"}) == ["A", "B", "C"]
    images, _ = run("shapes", size=16, count=40, shapes=["star", "circle"])
    labels, names = labels_of(images)
    assert list(names) == ["star", "circle"] and set(labels.tolist()) == {0, 1}
    # a star has more ink at its tips than the circle at the same place? cheaper: classes differ
    means = [np.asarray(images)[labels == k].std() for k in (0, 1)]
    assert all(m > 0 for m in means)


def test_folder_classes_are_the_top_level_sub_folders(tmp_path):
    for cls, colour in (("cats", (255, 0, 0)), ("dogs", (0, 0, 255))):
        (tmp_path / cls / "deep").mkdir(parents=True)
        Image.new("RGB", (20, 20), colour).save(tmp_path / cls / "a.png")
        Image.new("RGB", (20, 20), colour).save(tmp_path / cls / "deep" / "b.png")
    Image.new("RGB", (20, 20)).save(tmp_path / "loose.png")
    images, warnings = run("folder", path=str(tmp_path), size=8, classes=True)
    labels, names = labels_of(images)
    assert list(names) == ["cats", "dogs"] and labels.tolist() == [0, 0, 1, 1]
    assert np.asarray(images)[labels == 1][:, 2].min() == 255  # dogs are blue
    assert any("loose" in w or "not in a class sub-folder" in w for w in warnings)
    plain, _ = run("folder", path=str(tmp_path), size=8)
    assert labels_of(plain) is None and len(plain) == 5


def test_folder_with_classes_but_no_sub_folders_fails(tmp_path):
    Image.new("RGB", (20, 20)).save(tmp_path / "loose.png")
    with pytest.raises(NodeFailed):
        run("folder", path=str(tmp_path), size=8, classes=True)


def test_which_data_ops_say_they_have_labels():
    labelled = {op.spec.name for op in ops_of_stage("data")
                if getattr(op.module, "classes", None) and op.module.classes(
                    {p.name: p.default for p in op.spec.params if not p.required} | {"classes": True})
                is not None}
    assert {"digits", "glyphs", "shapes", "folder"} <= labelled
    assert "faces" not in labelled
