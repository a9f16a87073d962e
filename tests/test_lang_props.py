"""Property tests: random recipes round-trip through fmt; any text gives diagnostics, not a crash."""
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gandsl.errors import RecipeError
from gandsl.lang.fmt import format_text
from gandsl.engine.session import load_recipe
from gandsl.lang.parse import parse

NAMES = st.sampled_from(["a", "b", "steps", "net", "x_1", "Seed", "run"])
KEYS = st.sampled_from(["size", "from", "data", "model", "keys", "in", "seed", "out"])
STAGES = st.sampled_from(["data", "model", "train", "walk", "render", "eval"])
GAP = st.sampled_from([" ", "  ", "\n", " \n  ", "\t", " # note\n", "  #\n\n", "\n# a comment\n"])
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def numbers() -> st.SearchStrategy[str]:
    ints = st.integers(0, 10**6).map(str)
    floats = st.floats(0, 1e6, allow_nan=False).map(lambda f: f"{f:.3f}")
    exps = st.integers(1, 9).map(lambda n: f"{n}e-{n}")
    return st.tuples(st.one_of(ints, floats, exps),
                     st.sampled_from(["", "", "k", "s", "ms", "f"])).map("".join)


STRINGS = st.text(st.characters(min_codepoint=32, max_codepoint=126, exclude_characters='"\\'),
                  max_size=8).flatmap(lambda s: st.sampled_from([f'"{s}"', f'"{s}\\n\\""']))
REFS = st.lists(NAMES, min_size=1, max_size=3).map(".".join)
ATOMS = st.one_of(numbers(), STRINGS, st.sampled_from(["true", "false", "3x3", "64x32"]), REFS)


def compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    op = st.sampled_from([" + ", "-", " * ", "/ "])
    keyframe = st.tuples(numbers(), inner, st.sampled_from(["", " ease in_out", " ease step"]))
    return st.one_of(
        st.tuples(inner, op, inner).map("".join),
        inner.map(lambda e: f"({e})"), inner.map(lambda e: f"-{e}"),
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(keyframe, min_size=1, max_size=3).map(
            lambda ks: "keys {" + ",\n".join(f"{t}: {v}{e}" for t, v, e in ks) + "}"),
    )


EXPRS = st.recursive(ATOMS, compound, max_leaves=6)
VALUES = st.one_of(EXPRS, st.tuples(numbers(), numbers()).map(lambda r: f"{r[0]}..{r[1]}"))


@st.composite
def statements(draw) -> str:
    gap = lambda: draw(GAP)  # noqa: E731
    kind = draw(st.sampled_from(["param", "use", "about", "node", "node"]))
    if kind == "param":
        typed = draw(st.sampled_from(["", ": int", ": duration"]))
        bounds = draw(st.sampled_from(["", " in 1..10", " in 0..1e3"]))
        helptext = draw(st.sampled_from(["", ' "help"']))
        return f"param {draw(NAMES)}{typed}{gap()}={gap()}{draw(VALUES)}{bounds}{helptext}"
    if kind == "use":
        return f'use{gap()}"lib/{draw(NAMES)}.gan"{gap()}as {draw(NAMES)}'
    entries = draw(st.lists(st.tuples(KEYS, VALUES), max_size=4))
    body = "".join(f"{gap()}{k}{gap()}={gap()}{v}" for k, v in entries)
    if kind == "about":
        return f"about{gap()}{{{body}{gap()}}}"
    return f"{draw(STAGES)} {draw(NAMES)}{gap()}={gap()}{draw(NAMES)}{gap()}{{{body}{gap()}}}"


@st.composite
def recipes(draw) -> str:
    head = draw(st.sampled_from(["", "gandsl 1\n", "# top\n\ngandsl 1 # v\n"]))
    body = [draw(statements()) + draw(GAP) for _ in range(draw(st.integers(0, 5)))]
    return head + "".join(body) + draw(st.sampled_from(["", "\n", "# end"]))


@SETTINGS
@given(recipes())
def test_fmt_round_trips(text):
    original = parse(text)
    formatted = format_text(text)
    again = parse(formatted)
    assert again.statements == original.statements
    assert [c.text for c in again.comments] == [c.text for c in original.comments]
    assert format_text(formatted) == formatted


TOKENS = st.sampled_from(["data", "d", "=", "digits", "{", "}", "size", "32", "\"x", "..", "keys",
                          ":", "4s", "(", ")", "[", "]", ",", "param", "use", "-", "*", "#", "\n",
                          " ", "gandsl", "3x3", "in", "ease", "@", "\"ok\"", "as", "1e", "f"])
TEXTS = st.one_of(st.text(max_size=60), st.lists(TOKENS, max_size=30).map(" ".join), recipes())


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_gives_diagnostics_not_exceptions(tmp_path: Path, text):
    path = tmp_path / "r.gan"
    path.write_text(text, "utf-8")
    try:
        load_recipe(path, ["a=1"])
    except RecipeError as err:
        assert err.diagnostics and all(d.code.startswith("E") for d in err.diagnostics)
        rendered = err.render()
        assert "Traceback" not in rendered and "__ANON" not in rendered
