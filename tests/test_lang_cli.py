"""The cheap commands through click: output, exit codes (0 ok, 1 recipe error, 2 usage)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gandsl.cli.main import group

ROOT = Path(__file__).resolve().parent.parent
SPEC = str(ROOT / "recipes" / "spec_example.gan")
BAD = 'data d = digits {\n  size = "big"\n}\n'


def run(*args: str):
    return CliRunner().invoke(group, list(args))


def test_check_ok_and_error(tmp_path):
    assert run("check", SPEC).exit_code == 0
    bad = tmp_path / "bad.gan"
    bad.write_text(BAD)
    result = run("check", str(bad))
    assert result.exit_code == 1
    assert "error[E020]" in result.output and "^^^^^" in result.output
    assert "Traceback" not in result.output


def test_check_json(tmp_path):
    bad = tmp_path / "bad.gan"
    bad.write_text(BAD)
    result = run("check", "--json", str(bad))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["diagnostics"][0]["code"] == "E020"
    assert data["diagnostics"][0]["span"]["line"] == 2
    assert json.loads(run("check", "--json", SPEC).stdout) == {"ok": True, "diagnostics": []}


def test_check_set():
    assert run("check", SPEC, "--set", "steps=5").exit_code == 0
    result = run("check", SPEC, "--set", "stepz=5")
    assert result.exit_code == 1 and "did you mean `steps`" in result.output


def test_usage_errors_exit_2():
    assert run("check").exit_code == 2
    assert run("graph", SPEC, "--format", "png").exit_code == 2
    assert run("explain", "E999").exit_code == 2


def test_fmt_check_diff_and_write(tmp_path):
    path = tmp_path / "r.gan"
    path.write_text("data d=digits{size=32 # s\n}\n")
    assert run("fmt", "--check", str(path)).exit_code == 1
    diff = run("fmt", "--diff", str(path))
    assert "+  size = 32  # s" in diff.output and path.read_text().startswith("data d=")
    assert run("fmt", str(path)).exit_code == 0
    assert path.read_text() == "data d = digits {\n  size = 32  # s\n}\n"
    assert run("fmt", "--check", str(path)).exit_code == 0


def test_fmt_refuses_files_with_errors(tmp_path):
    path = tmp_path / "r.gan"
    path.write_text(BAD)
    result = run("fmt", str(path))
    assert result.exit_code == 1 and path.read_text() == BAD


@pytest.mark.parametrize("form, marker", [("text", "train run = gan  <- model=net, data=digits"),
                                          ("mermaid", "run -->|from| loop"),
                                          ("dot", '"run" -> "loop" [label="from"];')])
def test_graph_formats(form, marker):
    result = run("graph", SPEC, "--format", form)
    assert result.exit_code == 0 and marker in result.output


def test_ops_list_and_detail():
    listing = run("ops").output
    assert "render:" in listing and "great_circle" in listing
    detail = run("ops", "gan")
    assert detail.exit_code == 0 and "model" in detail.output and "required" in detail.output
    assert "bce | hinge" in detail.output
    unknown = run("ops", "gna")
    assert unknown.exit_code == 1 and "did you mean `gan`" in unknown.output


def test_explain():
    result = run("explain", "E012")
    assert result.exit_code == 0 and "unknown reference" in result.output


def test_cheap_commands_never_import_torch():
    code = f"""
import sys
from click.testing import CliRunner
from gandsl.cli.main import group
for args in (["check", {SPEC!r}], ["fmt", "--check", {str(ROOT / 'recipes' / 'lang_shapes.gan')!r}],
             ["graph", {SPEC!r}], ["ops"], ["ops", "gan"], ["explain", "E001"]):
    result = CliRunner().invoke(group, args)
    assert result.exit_code in (0, 1), (args, result.output)
heavy = [m for m in ("torch", "imageio") if m in sys.modules]
print("HEAVY", heavy)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
