"""A fastgan train node's defaults come from its data and the machine (lang/settle.py), are keyed
like written values and are shown by `plan` with their reason."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from gandsl.cli.main import group
from gandsl.engine.session import load_recipe
from gandsl.gan.fewshot import fewshot_steps
from gandsl.lang.settle import settle_defaults
from gandsl.ops.registry import CATALOG


def pictures(folder: Path, n: int) -> Path:
    folder.mkdir()
    rng = np.random.default_rng(0)
    for i in range(n):
        Image.fromarray(rng.integers(0, 256, (20, 20, 3), dtype=np.uint8)).save(folder / f"p{i}.png")
    return folder


def recipe(tmp_path: Path, model: str = "fastgan {}", train: str = "", data: str = "") -> Path:
    path = tmp_path / "r.gan"
    path.write_text(f"gandsl 1\ndata d = folder {{\n  path = \"pics\"\n  size = 16\n{data}}}\n"
                    f"model m = {model}\ntrain t = gan {{\n  model = m\n  data = d\n{train}}}\n")
    return path


@pytest.mark.parametrize("images,side,machine,steps", [
    (12, 64, "cpu", 2500), (100, 64, "cpu", 4000), (200, 64, "cpu", 4500), (5000, 64, "cpu", 4500),
    (100, 128, "cpu", 2000), (100, 64, "cuda", 16000), (None, 64, "cpu", 4000), (40, 256, "cpu", 500)])
def test_steps_grow_with_the_pictures_and_shrink_with_their_side(images, side, machine, steps):
    assert fewshot_steps(images, side, machine)[0] == steps


def test_a_silent_fastgan_recipe_gets_steps_from_its_folder(tmp_path):
    pictures(tmp_path / "pics", 50)
    node = load_recipe(recipe(tmp_path)).nodes["t"]
    assert (node.params["steps"], node.params["loss"], node.params["batch"]) == (3000, "hinge", 16)
    assert "50 pictures at 16 px" in node.settled["steps"]
    crops = load_recipe(recipe(tmp_path, data="  crops = 4\n")).nodes["t"]
    assert crops.params["steps"] == 4500, "200 crops count as 200 pictures (2000 + 4000, capped)"


def test_written_values_and_other_models_keep_their_own(tmp_path):
    pictures(tmp_path / "pics", 50)
    written = load_recipe(recipe(tmp_path, train="  steps = 77\n  loss = \"bce\"\n")).nodes["t"]
    assert (written.params["steps"], written.params["loss"], written.params["batch"]) == (77, "bce", 16)
    assert set(written.settled) == {"batch"}
    dcgan = load_recipe(recipe(tmp_path, model="dcgan {}")).nodes["t"]
    assert (dcgan.params["steps"], dcgan.params["loss"], dcgan.settled) == (3000, "bce", {})


def test_the_machine_changes_the_default(tmp_path):
    pictures(tmp_path / "pics", 50)
    nodes = dict(load_recipe(recipe(tmp_path)).nodes)
    nodes["t"].params.pop("steps")
    nodes["t"].settled.clear()
    settle_defaults(nodes, CATALOG, machine="cuda")
    assert nodes["t"].params["steps"] == 12000 and "on cuda" in nodes["t"].settled["steps"]


def test_plan_states_the_default_and_its_reason(tmp_path):
    pictures(tmp_path / "pics", 40)
    result = CliRunner().invoke(group, ["plan", str(recipe(tmp_path)), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "steps = 2750 (fastgan default for 40 pictures at 16 px on " in result.output
    assert "loss = \"hinge\" (fastgan default)" in result.output


def test_the_device_option_picks_the_machine_defaults_are_settled_for(tmp_path):
    pictures(tmp_path / "pics", 40)
    for device, steps in (("cuda", 11000), ("cpu", 2750)):
        result = CliRunner().invoke(group, ["plan", str(recipe(tmp_path)), "--device", device,
                                            "--cache-dir", str(tmp_path / "c")])
        assert result.exit_code == 0, result.output
        assert f"steps = {steps} (fastgan default for 40 pictures at 16 px on {device})" in result.output


def test_more_pictures_change_the_key(tmp_path):
    from gandsl.engine.keys import FileDigests, Keyer
    from gandsl.ops.registry import get_op

    pictures(tmp_path / "pics", 40)
    first = load_recipe(recipe(tmp_path))
    for i in range(20):
        Image.new("RGB", (20, 20)).save(tmp_path / "pics" / f"extra{i}.png")
    second = load_recipe(recipe(tmp_path))

    def params(r):
        return Keyer(r, get_op, FileDigests(None)).material("t", {"model": "m", "data": "d"}).data["params"]
    assert params(first)["steps"] == 2750 and params(second)["steps"] == 3000
