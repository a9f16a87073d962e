"""docs/language.md stays true: its recipes check, it names every op, README and ARCHITECTURE link it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from gandsl.engine.session import load_recipe
from gandsl.ops.registry import registry

ROOT = Path(__file__).resolve().parents[1]
LANGUAGE = ROOT / "docs" / "language.md"


def recipe_blocks() -> list[str]:
    """The ```gandsl fenced blocks of the language reference."""
    return re.findall(r"^```gandsl\n(.*?)^```", LANGUAGE.read_text("utf-8"), re.S | re.M)


def test_the_reference_has_recipes():
    assert len(recipe_blocks()) >= 3


@pytest.mark.parametrize("index", range(len(recipe_blocks())))
def test_each_recipe_in_the_reference_checks(index, tmp_path):
    path = tmp_path / f"example{index}.gan"
    (tmp_path / "beat.ogg").touch()  # the sound file the react example names (checked to exist)
    path.write_text(recipe_blocks()[index], encoding="utf-8")
    assert load_recipe(path).nodes  # a RecipeError here names the broken line


def test_the_reference_names_every_stage_and_op():
    text = LANGUAGE.read_text("utf-8")
    sections = dict(re.findall(r"^### (\w+):.*?\n(.*?)(?=^##)", text + "\n##", re.S | re.M))
    missing = [f"{stage} {name}" for stage, name in sorted(registry())
               if f"`{name}`" not in sections.get(stage, "")]
    assert not missing, f"document these ops in docs/language.md (### STAGE: section): {missing}"


@pytest.mark.parametrize("doc", ["README.md", "ARCHITECTURE.md"])
def test_docs_link_the_reference_and_stay_inside_the_repo(doc):
    text = (ROOT / doc).read_text("utf-8")
    assert "docs/language.md" in text
    assert "../shared" not in text and "SPEC.md" not in text


def test_the_stability_table_is_the_one_explain_prints():
    from click.testing import CliRunner

    from gandsl.cli.main import group
    from gandsl.ops.registry import get_op
    from gandsl.tricks import TRICKS, names, table

    assert table() in (ROOT / "docs" / "language.md").read_text()
    spec = get_op("train", "gan").spec
    for setting, _, why in TRICKS:
        assert all(spec.param(n) is not None for n in names(setting)), setting
    result = CliRunner().invoke(group, ["explain", "clip_grad"])
    assert result.exit_code == 0 and "exploding batch" in result.output
    assert CliRunner().invoke(group, ["explain", "nonsense"]).exit_code == 2
