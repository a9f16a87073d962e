"""load_recipe: the contract with the engine (SPEC §2-3, ARCHITECTURE 'Language -> engine')."""
import os
from pathlib import Path

import pytest

from gandsl.errors import RecipeError
from gandsl.engine.session import load_recipe
from gandsl.lang.values import Duration, Frames, Size, Track

ROOT = Path(__file__).resolve().parent.parent
BASE = """
data digits = digits {}
model net = dcgan {}
train run = gan { model = net  data = digits }
"""


def write(tmp_path: Path, text: str, name: str = "r.gan") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def codes(path, sets=()) -> list[str]:
    with pytest.raises(RecipeError) as info:
        load_recipe(path, sets)
    return [d.code for d in info.value.diagnostics]


def test_spec_example_resolves():
    recipe = load_recipe(ROOT / "recipes" / "spec_example.gan")
    assert list(recipe.nodes) == ["digits", "net", "run", "loop", "gif"]
    run = recipe.nodes["run"]
    assert run.inputs == {"model": "net", "data": "digits"} and run.params["steps"] == 800
    assert run.params["lr"] == 2e-4 and run.params["seed"] == 7          # defaults filled
    loop = recipe.nodes["loop"].params
    assert loop["duration"] == Duration(4.0) and loop["grid"] == Size(3, 3)
    assert isinstance(loop["truncation"], Track) and loop["truncation"].at(2.0, 24) == 1.0
    assert loop["fps"] == 24.0 and isinstance(loop["fps"], float)       # int given for a float
    assert recipe.params["steps"].source == "default" and recipe.about["tags"] == ["digits", "loop"]
    assert set(recipe.sources) == {"spec_example.gan"}


def test_imports_are_qualified_and_sources_relative(tmp_path):
    write(tmp_path, "param steps = 5\n" + BASE, "lib/base.gan")
    main = write(tmp_path, 'use "lib/base.gan" as lib\nwalk w = slerp { from = lib.run  seeds = 0..3'
                           '  frames = lib.steps * 2  duration = 48f }')
    recipe = load_recipe(main, ["lib.steps=7"])
    assert list(recipe.nodes) == ["lib.digits", "lib.net", "lib.run", "w"]
    assert recipe.nodes["lib.run"].inputs == {"model": "lib.net", "data": "lib.digits"}
    w = recipe.nodes["w"].params
    assert w["from"] == "lib.run" and w["seeds"] == [0, 1, 2, 3] and w["frames"] == 14
    assert w["duration"] == Frames(48)
    assert recipe.params["lib.steps"].source == "--set" and recipe.params["lib.steps"].value == 7
    assert set(recipe.sources) == {"r.gan", "lib/base.gan"}


def test_paths_absolute_out_relative(tmp_path):
    main = write(tmp_path, 'data f = folder { path = "imgs" }\n' + BASE.replace("data digits = digits {}", "data digits = digits {}") +
                 'render s = sheet { from = run  out = "a/b.png" }\nrender p = plot { from = run }')
    (tmp_path / "imgs").mkdir()
    (tmp_path / "imgs" / "a.png").write_bytes(b"checked for existence, read only when run")
    recipe = load_recipe(main)
    assert recipe.nodes["f"].params["path"] == os.path.normpath(tmp_path.absolute() / "imgs")
    assert recipe.nodes["s"].params["out"] == "a/b.png" and recipe.nodes["p"].params["out"] is None


def test_node_key_reference_and_arithmetic(tmp_path):
    main = write(tmp_path, "param n = 10\n" + BASE + "data more = digits { size = digits.size * 2"
                           "  count = (n + 2) * 3 }")
    params = load_recipe(main).nodes["more"].params
    assert params["size"] == 64 and params["count"] == 36


def test_all_errors_in_one_pass(tmp_path):
    main = write(tmp_path, "data d = digitz {}\nmodel m = dcgan { latnet = 1 }\n"
                           "train t = gan { model = d  data = q }\nrender g = gif {}")
    assert codes(main) == ["E011", "E014", "E023", "E012", "E016"]


def test_import_cycle_and_missing(tmp_path):
    write(tmp_path, 'use "b.gan" as b', "a.gan")
    write(tmp_path, 'use "a.gan" as a', "b.gan")
    assert codes(tmp_path / "a.gan") == ["E032"]
    assert codes(write(tmp_path, 'use "zz.gan" as z')) == ["E031"]


def test_input_cycle(tmp_path):
    main = write(tmp_path, BASE + "walk a = slerp { from = run  seed = b.seed }\n"
                                  "walk b = slerp { from = run  seed = a.seed }")
    assert codes(main) == ["E030"]


@pytest.mark.parametrize("sets, code", [
    (["stepz=3"], "E041"), (["steps=4s"], "E020"), (["steps=0"], "E021"), (["steps"], "E040"),
    (["steps=(1"], "E004"), (["steps=1 2"], "E001"),
])
def test_set_errors_point_into_the_option(tmp_path, sets, code):
    main = write(tmp_path, "param steps: int = 800 in 1..1000\n" + BASE)
    with pytest.raises(RecipeError) as info:
        load_recipe(main, sets)
    diag = info.value.diagnostics[0]
    assert diag.code == code and diag.span.file == "<--set>"
    assert sets[0] in info.value.render()


def test_set_overrides_and_hint(tmp_path):
    main = write(tmp_path, "param steps: int = 800\nparam title = \"a\"\n" + BASE)
    recipe = load_recipe(main, ["steps=20k / 10", 'title="b"'])
    assert recipe.params["steps"].value == 2000 and recipe.params["title"].value == "b"
    with pytest.raises(RecipeError) as info:
        load_recipe(main, ["setps=1"])
    assert "did you mean `steps` (declared at 1:1)?" in info.value.render()


def test_unreadable_recipe_is_a_recipe_error(tmp_path):
    assert codes(tmp_path / "missing.gan") == ["E031"]


def test_ranges_are_inclusive_and_dotdotlt_excludes_the_end(tmp_path):
    main = write(tmp_path, "param n: int = 5 in 1..5\nparam k: int = 4 in 0..<5\n" + BASE
                 + "walk a = slerp { from = run  seeds = 1..5 }\n"
                 + "walk b = slerp { from = run  seeds = 0..<4 }\n")
    recipe = load_recipe(main)
    assert recipe.nodes["a"].params["seeds"] == [1, 2, 3, 4, 5]
    assert recipe.nodes["b"].params["seeds"] == [0, 1, 2, 3]
    assert recipe.params["n"].value == 5                    # the upper bound is allowed
    with pytest.raises(RecipeError, match="out of range: 5"):
        load_recipe(main, ["k=5"])                          # `..<5` excludes 5


def test_choices_may_be_written_bare_or_quoted(tmp_path):
    quoted = write(tmp_path, BASE + 'walk w = slerp { from = run  ease = "in_out"  truncation = '
                   'keys { 0s: 0.5, 2s: 1 ease in_out } }\nrender g = gif { frames = w  filter = "lanczos" }\n'
                   'train t = gan { model = net  data = digits  loss = "hinge"  augment = ["color"] }',
                   "q.gan")
    bare = write(tmp_path, BASE + 'walk w = slerp { from = run  ease = in_out  truncation = '
                 'keys { 0s: 0.5, 2s: 1 ease "in_out" } }\nrender g = gif { frames = w  filter = lanczos }\n'
                 'train t = gan { model = net  data = digits  loss = hinge  augment = [color] }', "b.gan")
    a, b = load_recipe(quoted), load_recipe(bare)
    assert {n: v.params for n, v in a.nodes.items()} == {n: v.params for n, v in b.nodes.items()}
    assert b.nodes["g"].params["filter"] == "lanczos" and b.nodes["t"].params["augment"] == ["color"]
    assert b.nodes["w"].params["truncation"].keys[1].ease == "in_out"


def test_a_declared_name_wins_over_a_bare_choice(tmp_path):
    main = write(tmp_path, 'param hinge = "lsgan"\n' + BASE.replace("data = digits", "data = digits  loss = hinge"))
    assert load_recipe(main).nodes["run"].params["loss"] == "lsgan"


def test_keyframes_must_lie_inside_the_walk(tmp_path):
    walk = "walk w = slerp {{ from = run  frames = 24  fps = 12  truncation = keys {{ 0s: 1, {}: 2 }} }}"
    assert load_recipe(write(tmp_path, BASE + walk.format("2s"))).nodes["w"]  # the last frame's time
    assert load_recipe(write(tmp_path, BASE + walk.format("24f"))).nodes["w"]
    with pytest.raises(RecipeError, match="E072|after the walk ends"):
        load_recipe(write(tmp_path, BASE + walk.format("25f")))
