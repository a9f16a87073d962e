"""Golden files: each errors/*.gan renders exactly its *.expected; fmt/*.gan formats to *.formatted.

Run with UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change.
"""
import os
from pathlib import Path

import pytest

from gandsl.errors import RecipeError
from gandsl.lang.fmt import format_text
from gandsl.engine.session import load_recipe
from gandsl.lang.parse import parse

GOLDEN = Path(__file__).parent / "golden"
ERRORS = sorted((GOLDEN / "errors").glob("*.gan"))
FORMATS = sorted((GOLDEN / "fmt").glob("*.gan"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _compare(actual: str, expected_file: Path) -> None:
    if UPDATE:
        expected_file.write_text(actual, "utf-8")
    assert expected_file.exists(), f"no {expected_file.name}; run with UPDATE_GOLDEN=1"
    assert actual == expected_file.read_text("utf-8")


def test_enough_error_cases():
    assert len(ERRORS) >= 15


@pytest.mark.parametrize("case", ERRORS, ids=lambda p: p.stem)
def test_error_golden(case: Path, monkeypatch):
    monkeypatch.chdir(case.parent)
    with pytest.raises(RecipeError) as info:
        load_recipe(case.name)
    rendered = info.value.render() + "\n"
    assert "Traceback" not in rendered and "__ANON" not in rendered
    _compare(rendered, case.with_suffix(".expected"))


@pytest.mark.parametrize("case", FORMATS, ids=lambda p: p.stem)
def test_fmt_golden(case: Path):
    text = case.read_text("utf-8")
    formatted = format_text(text, case.name)
    _compare(formatted, case.with_suffix(".formatted"))
    assert format_text(formatted) == formatted
    assert parse(formatted).statements == parse(text).statements
    assert len(parse(formatted).comments) == len(parse(text).comments)
