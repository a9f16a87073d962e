"""`gandsl plan` works on every shipped recipe; unset optional params print as `-`."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gandsl.cli.main import group

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "recipes").glob("*.gan")) + sorted((ROOT / "gallery").glob("*/recipe.gan"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_plan_works_on_every_shipped_recipe(path: Path, tmp_path: Path):
    result = CliRunner().invoke(group, ["plan", str(path), "--cache-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "summary:" in result.output


def test_plan_prints_an_unset_param_as_dash(tmp_path: Path):
    recipe = tmp_path / "r.gan"
    recipe.write_text('data d = digits { size = 16 }\n'
                      'model m = dcgan { width = 8 }\n'
                      'train t = gan {\n model = m\n data = d\n steps = 2\n}\n'
                      'render s = sheet { from = t }\n')
    result = CliRunner().invoke(group, ["plan", str(recipe), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "out = -" in result.output


def test_my_images_runs_only_its_own_nodes():
    from gandsl.engine.dag import build_graph
    from gandsl.engine.plan import make_plan
    from gandsl.engine.session import load_recipe

    plan = make_plan(build_graph(load_recipe(ROOT / "recipes" / "my_images.gan")), (), ())
    assert sorted(plan.order) == ["found", "gif", "loop", "mine", "morph", "morph_gif", "net",
                                  "pairs", "run"]
