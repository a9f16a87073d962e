"""Every error code the package raises is registered and `gandsl explain` explains it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import gandsl
from gandsl.cli.main import group
from gandsl.codes import CODES

ROOT = Path(gandsl.__file__).parent
CODE = re.compile(r"""["'](E\d{3})["']""")


def raised_codes() -> dict[str, str]:
    """Each code written as a string literal in the package (not codes.py) -> first place."""
    found: dict[str, str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if path.name == "codes.py" and path.parent == ROOT:
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            for code in CODE.findall(line):
                found.setdefault(code, f"{path.relative_to(ROOT)}:{n}")
    return found


def test_the_scan_finds_codes_of_every_layer():
    found = raised_codes()
    assert {"E001", "E030", "E101", "E130", "E201", "E310", "E702"} <= set(found)


def test_every_raised_code_is_registered():
    missing = {c: where for c, where in raised_codes().items() if c not in CODES}
    assert not missing, f"register these in gandsl/codes.py with long help: {missing}"


@pytest.mark.parametrize("code", sorted(raised_codes()))
def test_explain_knows_each_raised_code(code):
    result = CliRunner().invoke(group, ["explain", code])
    assert result.exit_code == 0, result.output
    title, text = CODES[code]
    assert title in result.output and len(text) > 40


def test_explain_rejects_an_unknown_code():
    assert CliRunner().invoke(group, ["explain", "E999"]).exit_code != 0


def test_no_code_is_registered_twice():
    source = (ROOT / "codes.py").read_text("utf-8")
    keys = re.findall(r"^\s+\"(E\d{3})\":", source, re.M)
    twice = sorted({k for k in keys if keys.count(k) > 1})
    assert not twice, f"registered twice in gandsl/codes.py (the later one wins silently): {twice}"
