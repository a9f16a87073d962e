"""Parsing: every construct of SPEC §2 becomes the right typed recipe, with spans."""
import pytest

from gandsl.lang import ast
from gandsl.errors import RecipeError
from gandsl.lang.parse import parse, parse_value


def value(text: str) -> ast.Expr:
    return parse(f"data d = digits {{ x = {text} }}").statements[0].entries[0].value


def test_statements_of_every_kind():
    recipe = parse('gandsl 1\nabout { title = "t" }\nparam n: int = 3 in 1..9 "help"\n'
                   'use "lib.gan" as lib\neval e = swd { from = lib.run }', "r.gan")
    kinds = [type(s).__name__ for s in recipe.statements]
    assert kinds == ["Version", "About", "Param", "Use", "Node"]
    param = recipe.statements[2]
    assert (param.name.text, param.type.text, param.help.value) == ("n", "int", "help")
    assert param.lo == ast.Number(1) and param.hi == ast.Number(9)
    assert param.span.file == "r.gan" and param.span.line == 3 and param.span.col == 1


@pytest.mark.parametrize("stage", ["data", "model", "train", "walk", "upscale", "render", "eval"])
def test_six_stages(stage):
    node = parse(f"{stage} n = op {{}}").statements[0]
    assert node.stage.text == stage and node.op.text == "op"


@pytest.mark.parametrize("text, expected", [
    ("64", ast.Number(64)), ("2e-4", ast.Number(0.0002)), ("20k", ast.Number(20, "k")),
    ("4s", ast.Number(4, "s")), ("250ms", ast.Number(250, "ms")), ("96f", ast.Number(96, "f")),
    ("1.5", ast.Number(1.5)), ('"a\\"b\\n"', ast.String('a"b\n')), ("true", ast.Bool(True)),
    ("false", ast.Bool(False)), ("3x3", ast.SizeLit(3, 3)), ("64x32", ast.SizeLit(64, 32)),
])
def test_literals(text, expected):
    assert value(text) == expected


def test_references_ranges_lists_tracks():
    assert value("lib.run.steps") == ast.Ref((ast.Name("lib"), ast.Name("run"), ast.Name("steps")))
    assert value("0..8") == ast.RangeLit(ast.Number(0), ast.Number(8))
    assert value("0..<8") == ast.RangeLit(ast.Number(0), ast.Number(8), exclusive=True)
    assert value("[1, 2,]") == ast.ListLit((ast.Number(1), ast.Number(2)))
    track = value("keys { 0s: 0.7, 2s: 1.0 ease in_out 4s: 0.7 }")
    assert [k.ease.text if k.ease else None for k in track.keys] == [None, "in_out", None]


def test_arithmetic_precedence_and_parens():
    assert value("1 + 2 * 3") == ast.BinOp("+", ast.Number(1),
                                           ast.BinOp("*", ast.Number(2), ast.Number(3)))
    assert value("(1 + 2) * -3") == ast.BinOp("*", ast.BinOp("+", ast.Number(1), ast.Number(2)),
                                              ast.Neg(ast.Number(3)))


def test_keywords_work_as_block_keys():
    node = parse("train t = gan { model = net data = d in = 1 keys = 2 }").statements[0]
    assert [e.key.text for e in node.entries] == ["model", "data", "in", "keys"]


def test_spans_point_at_the_source():
    entry = parse("data d = digits {\n  size = 32\n}").statements[0].entries[0]
    s = entry.value.span
    assert (s.line, s.col, s.end_line, s.end_col) == (2, 10, 2, 12)


def test_comments_are_collected():
    recipe = parse("# a\nparam x = 1 # b\n")
    assert [(c.text, c.line) for c in recipe.comments] == [("# a", 1), ("# b", 2)]


def test_parse_value_keeps_columns():
    expr = parse_value("      2000", "<--set>")
    assert expr == ast.Number(2000) and expr.span.col == 7


@pytest.mark.parametrize("text, code", [
    ('param x = "abc', "E002"), ("data d = digits {", "E004"), ("param x = 1 2", "E001"),
    ("param x = @", "E003"), ("data d digits {}", "E001"), ("gandsl 1 gandsl 1", "E001"),
])
def test_syntax_errors_have_codes_and_words(text, code):
    with pytest.raises(RecipeError) as info:
        parse(text)
    diag = info.value.diagnostics[0]
    assert diag.code == code
    rendered = info.value.render()
    for internal in ("__ANON", "RBRACE", "LSQB", "EQUAL", "$END", "Token(", "NUMBER"):
        assert internal not in rendered
