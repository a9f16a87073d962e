"""A small mutation check of the promises that matter most: each mutant is a realistic one-line
bug; the tests named beside it must fail. A mutant that survives is a promise no test keeps.

    python bench/mutation.py [--only NAME]

Each mutant edits one file in place, runs its tests (pytest -x -q), and restores the file.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name, file, text, replacement, tests that must fail
MUTANTS = [
    ("resume switched off", "gandsl/gan/loop.py",
     '    """Load the newest usable checkpoint with step <= steps from ctx.work_dir, if any."""\n',
     '    """Load the newest usable checkpoint with step <= steps from ctx.work_dir, if any."""\n    return\n',
     ["tests/test_gan_train.py", "tests/test_sr_train.py"]),
    ("prefix check without its separator", "gandsl/engine/place.py",
     "real.startswith(root.rstrip(os.sep) + os.sep)", "real.startswith(root.rstrip(os.sep))",
     ["tests/test_trust_place.py"]),
    ("numerics left out of keys", "gandsl/engine/keys.py",
     'data["numerics"] = self.numerics.material()', "pass",
     ["tests/test_numerics.py"]),
    ("threads follow the idle cores", "gandsl/numerics.py",
     "return max(1, available_cores() // max(1, procs_per_machine))",
     "return max(1, (os.cpu_count() or 1) - int(os.getloadavg()[0]))",
     ["tests/test_numerics.py"]),
    ("a marker proves any folder", "gandsl/engine/place.py",
     'record.get("identity") == _identity(dest)', 'bool(record)',
     ["tests/test_trust_place.py"]),
    ("extract writes any embedded name", "gandsl/render/embed.py",
     'if not name.endswith(".gan") or any(', 'if False and any(',
     ["tests/test_trust_extract.py"]),
    ("extract overwrites files", "gandsl/render/embed.py",
     "os.O_WRONLY | os.O_CREAT | os.O_EXCL", "os.O_WRONLY | os.O_CREAT | os.O_TRUNC",
     ["tests/test_trust_extract.py"]),
    ("hidden out names allowed", "gandsl/lang/values.py",
     'return (part.startswith(".") or ', 'return (',
     ["tests/test_lang_golden.py", "tests/test_trust_place.py"]),
    ("48f counted as seconds", "gandsl/lang/values.py",
     "    if isinstance(duration, Frames):\n        return max(1, duration.count)\n", "",
     ["tests/test_numerics.py"]),
    ("terminal escapes printed raw", "gandsl/errors.py",
     "return printable(_render_diagnostic(diag, sources))", "return _render_diagnostic(diag, sources)",
     ["tests/test_trust_extract.py"]),
    ("imports read once per instance, no cap", "gandsl/lang/load.py",
     "if self.instances < MAX_IMPORTS and self.chars < MAX_IMPORTED_CHARS:", "if True:",
     ["tests/test_trust_imports.py"]),
    ("budget forgets the retiming", "gandsl/ops/common_render.py",
     "max(1, round(shape.n * fps / (clip_fps * speed)))", "shape.n",
     ["tests/test_trust_budget.py"]),
]


def _limit_memory() -> None:
    """A mutant may loop or allocate forever (an import bomb without its cap): 4 GiB at most."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))


def run_tests(tests: list[str]) -> bool:
    """True when the tests pass; a hang (over 2 minutes) or a crash counts as a failure."""
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                              cwd=ROOT, capture_output=True, text=True, timeout=120,
                              preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="run only mutants whose name contains this")
    args = ap.parse_args()
    survived, tried = [], 0
    for name, rel, old, new, tests in MUTANTS:
        if args.only and args.only not in name:
            continue
        tried += 1
        path = ROOT / rel
        text = path.read_text()
        if old not in text:
            print(f"?  {name}: the text to mutate is gone from {rel}; update the mutant")
            survived.append(name)
            continue
        start = time.perf_counter()
        path.write_text(text.replace(old, new, 1))
        try:
            passed = run_tests(tests)
        finally:
            path.write_text(text)
        print(f"{'SURVIVED' if passed else 'killed  '}  {name}  ({time.perf_counter() - start:.1f} s)")
        if passed:
            survived.append(name)
    print(f"{len(survived)} of {tried} mutants survived" + (f": {survived}" if survived else ""))
    sys.exit(1 if survived else 0)


if __name__ == "__main__":
    main()
