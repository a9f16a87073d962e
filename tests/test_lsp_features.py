"""The language server's features in-process: completion context and items, hover, definition,
diagnostics of imports, symbols, formatting edits; no input makes any of them raise."""
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from gandsl.lang.fmt import format_text
from gandsl.engine.session import analyse
from gandsl.lsp import words
from gandsl.lsp.completion import complete
from gandsl.lsp.context import context
from gandsl.lsp.definition import definition
from gandsl.lsp.diagnostics import diagnostics
from gandsl.lsp.document import Document, Pos
from gandsl.lsp.formatting import format_edits
from gandsl.lsp.hover import hover
from gandsl.lsp.symbols import symbols
from gandsl.ops.registry import STAGES, ops_of_stage
from lsprotocol import types as lsp

RECIPES = Path(__file__).resolve().parent.parent / "recipes"
IMPORTS = RECIPES / "lang_imports.gan"
TEXT = IMPORTS.read_text()


def pos(text: str, word: str, shift: int = 0) -> Pos:
    offset = text.index(word) + shift
    return Pos(text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1))


def labels(text: str, marker: str = "|", module=None) -> list[str]:
    """Completion labels at the `|` in text."""
    offset = text.index(marker)
    return [i.label for i in complete(text.replace(marker, "", 1), offset, module)]


def to_range(span) -> lsp.Range:
    return lsp.Range(start=lsp.Position(line=span.line - 1, character=span.col - 1),
                     end=lsp.Position(line=span.end_line - 1, character=span.end_col - 1))


@pytest.fixture(scope="module")
def imports():
    return analyse(IMPORTS)


@pytest.mark.parametrize("text, kind", [
    ("|", "statement"),
    ("train run = |", "op"),
    ("train |", "node_name"),
    ("param x: |", "type"),
    ("param x = 3 * |", "value"),
    ("param x = 0..|", "value"),
    ("walk w = spline {\n  seeds = 0..<|", "value"),
    ("train run = gan {\n  |\n}", "key"),
    ("train run = gan {\n  steps = 10\n  ba|\n}", "key"),
    ("train run = gan {\n  steps = 10 + |\n}", "value"),
    ('train run = gan {\n  loss = "hi|\n}', "value"),
    ("walk w = spline {\n  truncation = keys { 0s: 1 ease |", "ease"),
    ("walk w = spline {\n  duration = 4s|", "none"),
    ("walk w = spline {\n  # a comment |", "none"),
    ("walk w = spline {\n  fps = 3\n}\nre|", "statement"),
    ('use "li|', "path"),
])
def test_context_kinds(text, kind):
    assert context(text.replace("|", ""), text.index("|")).kind == kind


def test_statement_words_and_ops_come_from_the_grammar_and_registry():
    assert set(words.stages()) == set(STAGES)
    assert labels("|") == list(words.statement_words())
    for stage in STAGES:
        assert labels(f"{stage} x = |") == [o.spec.name for o in ops_of_stage(stage)]


def test_value_completion_offers_the_right_names(imports):
    assert labels(TEXT.replace("from       = base.run", "from       = |", 1), module=imports.main) \
        == ["base"]                                        # no local train node; the import
    assert "run" in labels(TEXT.replace("from       = base.run", "from       = base.|", 1),
                           module=imports.main)
    assert "net" not in labels(TEXT.replace("from       = base.run", "from       = base.|", 1),
                               module=imports.main)        # a model node is not a train node
    got = labels(TEXT.replace("duration   = seconds", "duration   = |", 1), module=imports.main)
    assert "seconds" in got and "wander" in got and "orbit" not in got     # not itself
    assert "fps" in labels(TEXT.replace("fps      = orbit.fps", "fps      = orbit.|", 1),
                           module=imports.main)           # NODE.KEY
    assert labels('train t = gan {\n  loss = "h|"\n}') == ["bce", "hinge", "wgan-gp", "wgan", "lsgan"]
    assert '"hinge"' in labels("train t = gan {\n  loss = |\n}")
    assert labels("walk w = spline {\n  truncation = keys { 0s: 1 ease |") == \
        ["linear", "in", "out", "in_out", "step"]
    assert "title" not in labels('about {\n  title = "x"\n  |\n}')


def test_hover(imports):
    shown = hover(imports, pos(TEXT, "duration   = seconds", 13))
    assert 'param seconds: duration = 3s in 1..60 "length of each walk"' in shown
    assert "value: `3s` (default)" in shown
    shown = hover(imports, pos(TEXT, "orbit.fps", 6))
    assert "`orbit.fps` = `12` (set in the block)" in shown and "frames per second" in shown
    assert "declared in" in hover(imports, pos(TEXT, "base.run", 6))
    assert "walk op `great_circle`" in hover(imports, pos(TEXT, "great_circle"))
    assert "**`grid`** of `walk great_circle`: size" in hover(imports, pos(TEXT, "grid"))
    assert hover(imports, pos(TEXT, "# Reuses")) is None


def test_definition(imports):
    place = definition(imports, pos(TEXT, "base.run", 6))
    assert place.path == RECIPES / "lang_shapes.gan"
    assert "train run" in place.path.read_text().splitlines()[place.span.line - 1]
    place = definition(imports, pos(TEXT, "orbit.fps", 6))       # NODE.KEY: the entry
    assert TEXT.splitlines()[place.span.line - 1].strip().startswith("fps")
    assert definition(imports, pos(TEXT, '"lang_shapes.gan"', 2)).path == RECIPES / "lang_shapes.gan"
    assert definition(imports, pos(TEXT, "great_circle")).path.name == "walk_great_circle.py"


def test_an_error_inside_an_import_is_shown_on_its_use(tmp_path):
    (tmp_path / "base.gan").write_text("param a = nope\n")
    (tmp_path / "main.gan").write_text('use "base.gan" as base\nparam b = base.a\n')
    found = analyse(tmp_path / "main.gan")
    [diag] = diagnostics(found, str(tmp_path / "main.gan"), to_range)
    assert diag.code == "E012"
    assert diag.message.startswith("in base.gan:1:11: unknown reference `nope`")
    assert diag.range.start == lsp.Position(line=0, character=4)
    assert diag.related_information[0].location.uri == (tmp_path / "base.gan").as_uri()


def test_symbols_group_nodes_by_stage(imports):
    found = symbols(imports.main.recipe, to_range)
    assert [s.name for s in found] == ["base", "seconds", "walk", "render"]
    assert [c.name for c in found[2].children] == ["orbit", "wander"]
    assert found[2].children[0].detail == "walk great_circle"


def apply(text: str, edits) -> str:
    lines = text.splitlines(True)
    def offset(p):
        return sum(len(x) for x in lines[:p.line]) + min(p.character, len((lines + [""])[p.line]))
    for e in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[:offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text


@pytest.mark.parametrize("text", ["param  a=1\nparam b = a*( 2+3 )   # note\n",
                                  "data d = digits { size=16\n}", "data d = digits {}\n"])
def test_format_edits_give_fmt_output(text):
    end = lsp.Position(line=text.count("\n"), character=len(text.rsplit("\n", 1)[-1]))
    assert apply(text, format_edits(text, end)) == format_text(text)


def test_format_refuses_a_broken_file_and_leaves_a_formatted_one():
    assert format_edits("data d = {", lsp.Position(line=0, character=10)) is None
    assert format_edits(format_text(TEXT), lsp.Position(line=0, character=0)) == []


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, len(TEXT)), st.integers(0, 40), st.text(max_size=8), st.data())
def test_no_edit_makes_a_feature_raise(start, length, insert, data):
    text = TEXT[:start] + insert + TEXT[start + length:]
    doc = Document(IMPORTS, lambda p: p.read_text("utf-8"))
    checked = doc.check(text)
    offset = data.draw(st.integers(0, len(text)))
    line = text.count("\n", 0, offset)
    at = Pos(line, offset - (text.rfind("\n", 0, offset) + 1))
    complete(text, offset, checked.module)
    if checked.analysis is not None:
        hover(checked.analysis, at)
        definition(checked.analysis, at)
        diagnostics(checked.analysis, str(IMPORTS), to_range)
    if checked.module is not None:
        symbols(checked.module.recipe, to_range)
    format_edits(text, lsp.Position(line=0, character=0))


def test_a_chain_too_deep_to_check_is_e006_not_a_crash(tmp_path):
    text = "".join(f"param p{i} = p{i + 1} + 1\n" for i in range(3000)) + "param p3000 = 1\n"
    checked = Document(tmp_path / "deep.gan", lambda p: p.read_text()).check(text)
    assert checked.analysis is None and checked.failure.code == "E006"
    labels = [item.label for item in complete(text, len(text), checked.module)]
    assert "param" in labels and "train" in labels  # a new statement starts here


def test_hover_on_a_node_reference_shows_its_block(imports):
    shown = hover(imports, pos(TEXT, "frames = orbit", 10))
    assert "walk orbit = great_circle {\n  from = base.run\n" in shown


@pytest.mark.parametrize("recipe", sorted((Path(__file__).parent / "golden" / "errors").glob("*.gan")),
                         ids=lambda p: p.stem)
def test_diagnostics_are_exactly_the_checkers(recipe):
    """Every golden error recipe: the editor shows each error `gandsl check` reports, with its
    code, place (or its import's `use` line), message and hint."""
    from gandsl.errors import RecipeError
    from gandsl.engine.session import load_recipe

    with pytest.raises(RecipeError) as err:
        load_recipe(recipe)
    checked = Document(recipe, lambda p: p.read_text("utf-8")).check(recipe.read_text("utf-8"))
    shown = diagnostics(checked.analysis, str(recipe), to_range)
    assert [d.code for d in shown] == [d.code for d in err.value.diagnostics]
    for want, got in zip(err.value.diagnostics, shown):
        assert want.message in got.message and (want.help or "") in got.message
        if want.span is not None and want.span.file == str(recipe):
            assert got.range == to_range(want.span)


def test_a_use_path_completes_to_recipe_files(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "base.gan").write_text("")
    (tmp_path / "notes.txt").write_text("")
    text = 'use "lib/'
    assert [i.label for i in complete(text, len(text), None, tmp_path)] == ["lib/base.gan"]
    assert [i.label for i in complete('use "', 5, None, tmp_path)] == ["lib/"]
