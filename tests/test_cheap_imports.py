"""The cheap commands (--help, check, fmt, ops, plan) never import numpy, PIL, torch and friends."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("numpy", "PIL", "torch", "imageio", "matplotlib", "jinja2", "sklearn", "skimage")

REPORT = ("heavy = " + repr(HEAVY) + "\n"
          "import json\n"
          "print('HEAVY=' + json.dumps(sorted({m.split('.')[0] for m in sys.modules}"
          " & set(heavy))))\n")


def heavy_modules(code: str) -> list[str]:
    """The heavy top-level packages in sys.modules after running `code` in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", code + "\n" + REPORT], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    line = [x for x in out.stdout.splitlines() if x.startswith("HEAVY=")][-1]
    return json.loads(line[len("HEAVY="):])


def test_cli_registry_and_every_op_module_import_cheaply():
    code = ("import sys, importlib\n"
            "from gandsl.cli.main import group\n"
            "from gandsl.ops.registry import registry\n"
            "ops = registry()\n"
            "assert len({op.module.__name__ for op in ops.values()}) >= 20, ops\n"
            "import gandsl.lang.load, gandsl.lang.check, gandsl.lang.fmt, gandsl.engine.plan, gandsl.engine.dag\n"
            "from gandsl.cli import cache, gallery, lang, render, run\n")
    assert heavy_modules(code) == []


@pytest.mark.parametrize("args", [
    ["--help"],
    ["check", "recipes/spec_example.gan"],
    ["fmt", "--check", "recipes/spec_example.gan"],
    ["ops"],
    ["ops", "render.gif"],
])
def test_cheap_commands_import_no_heavy_library(args):
    code = ("import contextlib, io, runpy, sys\n"
            f"sys.argv = ['gandsl'] + {args!r}\n"
            "try:\n"
            "    with contextlib.redirect_stdout(io.StringIO()):\n"
            "        runpy.run_module('gandsl', run_name='__main__')\n"
            "except SystemExit as stop:\n"
            "    assert stop.code in (0, 1, None), stop.code\n")
    assert heavy_modules(code) == []


def test_the_language_server_imports_cheaply():
    code = ("import sys\nfrom pathlib import Path\n"
            "from gandsl.cli.lsp import lsp\n"
            "from gandsl.lsp.server import make_server\n"
            "from gandsl.lsp.document import Document, Pos\n"
            "from gandsl.lsp import completion, hover, definition, symbols\n"
            "make_server()\n"
            "doc = Document(Path('recipes/lang_imports.gan').absolute(), lambda p: p.read_text())\n"
            "found = doc.check(Path('recipes/lang_imports.gan').read_text())\n"
            "assert found.module is not None\n"
            "completion.complete(found.text, 0, found.module)\n"
            "hover.hover(found.analysis, Pos(15, 14))\n"
            "definition.definition(found.analysis, Pos(16, 18))\n")
    assert heavy_modules(code) == []
