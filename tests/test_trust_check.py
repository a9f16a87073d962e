"""Check-time guards: non-finite numbers, huge seeds, empty lengths, negative keyframe times,
NUL in `out`, duplicate outputs; `24f` as a frame count; a UTF-8 BOM is skipped."""
from __future__ import annotations

from pathlib import Path

import pytest

from gandsl.errors import RecipeError
from gandsl.engine.session import load_recipe

BASE = '''data d = digits {
  size = 16
}

model m = dcgan {
  width = 4
}

train t = gan {
  model = m
  data = d
  TRAIN
}

walk w = slerp {
  from = t
  WALK
}

render g = gif {
  frames = w
  OUT
}
'''


def recipe(tmp_path: Path, train: str = "", walk: str = "", out: str = "") -> Path:
    path = tmp_path / "r.gan"
    path.write_text(BASE.replace("TRAIN", train).replace("WALK", walk).replace("OUT", out))
    return path


def errors(path: Path) -> list[tuple[str, int, str]]:
    with pytest.raises(RecipeError) as err:
        load_recipe(path)
    return [(d.code, d.span.line if d.span else 0, err.value.render()) for d in err.value.diagnostics]


@pytest.mark.parametrize("train, walk, code, line", [
    ("r1 = 1e999", "", "E034", 12),
    ("lr = 1e308 * 10 - 1e308 * 10", "", "E034", 12),
    ("", "truncation = 1e308 * 10 - 1e308 * 10", "E034", 17),
    ("seed = 9223372036854775808", "", "E021", 12),
    ("", "duration = 0s", "E021", 17),
    ("", "duration = -2s", "E021", 17),
    ("", "duration = 1s - 1s", "E021", 17),
    ("", "truncation = keys { -1s: 0.5, 2s: 1 }", "E025", 17),
], ids=["inf-literal", "nan-arith", "walk-nan", "seed-2^63", "zero-duration", "negative-duration",
        "zero-by-arithmetic", "negative-keyframe"])
def test_bad_values_fail_check_with_a_caret(train, walk, code, line, tmp_path):
    found = errors(recipe(tmp_path, train, walk))
    assert {(c, ln) for c, ln, _ in found} == {(code, line)}
    assert "^" in found[0][2]


def test_a_nul_in_out_fails_check(tmp_path):
    found = errors(recipe(tmp_path, out='out = "a\\0b.gif"'))
    assert [c for c, _, _ in found] == ["E028"]


def test_the_largest_seed_is_fine_and_24f_counts_frames(tmp_path):
    r = load_recipe(recipe(tmp_path, "seed = 9223372036854775807", "frames = 24f"))
    assert r.nodes["t"].params["seed"] == 2**63 - 1
    assert r.nodes["w"].params["frames"] == 24 == load_recipe(
        recipe(tmp_path, walk="frames = 24")).nodes["w"].params["frames"]


def test_duplicate_outputs_fail_check(tmp_path):
    path = recipe(tmp_path, out='out = "a.gif"')
    path.write_text(path.read_text() + '\nrender h = gif {\n  frames = w\n  out = "./a.gif"\n}\n')
    found = errors(path)
    assert [(c, ln) for c, ln, _ in found] == [("E035", 25)]


def test_a_byte_order_mark_is_skipped(tmp_path):
    path = recipe(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert set(load_recipe(path).nodes) == {"d", "m", "t", "w", "g"}


def test_a_duration_counts_frames_where_fps_is_known(tmp_path):
    r = load_recipe(recipe(tmp_path, walk="frames = 2s\n  fps = 12"))
    assert r.nodes["w"].params["frames"] == 24
    found = errors(recipe(tmp_path, walk="frames = -2s\n  fps = 12"))
    assert [c for c, _, _ in found] == ["E021"]
