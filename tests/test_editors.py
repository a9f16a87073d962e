"""The TextMate grammar (editors/gandsl.tmLanguage.json) matches the Lark grammar: it is the
generator's output, and on sample lines every keyword, stage and value form gets its scope."""
import json
import re
from pathlib import Path

from hypothesis import given, settings, strategies as st

from gandsl.lsp import textmate, words
from gandsl.ops.registry import STAGES

ROOT = Path(__file__).resolve().parent.parent
TM = json.loads((ROOT / "editors" / "gandsl.tmLanguage.json").read_text())


def scopes(line: str) -> list[tuple[str, str]]:
    """(text, scope) pairs as an editor assigns them: at each point the earliest match, the first
    rule on a tie (the grammar uses only `match` rules)."""
    rules = [(re.compile(r["match"]), r) for r in TM["patterns"]]
    out, pos = [], 0
    while pos < len(line):
        found = [(m, r) for rx, r in rules if (m := rx.search(line, pos)) and m.end() > m.start()]
        if not found:
            break
        m, rule = min(found, key=lambda f: f[0].start())
        if "captures" in rule:
            out += [(m.group(int(i)), c["name"]) for i, c in rule["captures"].items()
                    if m.group(int(i))]
        else:
            out.append((m.group(0), rule["name"]))
        pos = m.end()
    return out


def scope_of(line: str, text: str) -> str:
    return dict(scopes(line))[text]


def test_the_file_is_the_generators_output():
    assert (ROOT / "editors" / "gandsl.tmLanguage.json").read_text() == textmate.text(), \
        "regenerate: python -m gandsl.lsp.textmate > editors/gandsl.tmLanguage.json"


def test_every_stage_of_the_grammar_and_registry_is_highlighted():
    assert set(words.stages()) == set(STAGES)
    for stage in words.stages():
        got = scopes(f"{stage} n = op {{")
        assert got[:4] == [(stage, "storage.type.stage.gandsl"), ("n", "entity.name.function.node.gandsl"),
                           ("=", "keyword.operator.assignment.gandsl"), ("op", "support.function.op.gandsl")]


def test_every_keyword_of_the_grammar_is_highlighted():
    for word in words.keywords():
        scope = scope_of(f"{word} x", word)
        assert scope.split(".")[0] in ("keyword", "storage", "constant"), (word, scope)


def test_block_keys_params_imports_and_comments():
    assert scopes("  model = net  # the net")[:3] == [
        ("model", "variable.other.property.key.gandsl"), ("=", "keyword.operator.assignment.gandsl"),
        ("net", "variable.other.reference.gandsl")]
    assert scope_of("  model = net  # the net", "# the net") == "comment.line.number-sign.gandsl"
    assert scope_of("param steps: int = 3", "int") == "storage.type.param.gandsl"
    assert scope_of('use "a.gan" as base', "base") == "entity.name.namespace.gandsl"
    assert scope_of('use "a.gan" as base', '"a.gan"') == "string.quoted.double.gandsl"
    assert scope_of("seeds = 0..<4", "..<") == "keyword.operator.gandsl"
    assert scope_of("from = base.run", "base") == "variable.other.reference.gandsl"


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["NUMBER", "SIZE", "STRING"]), st.data())
def test_every_value_form_of_the_grammar_is_one_token(token, data):
    sample = data.draw(st.from_regex(re.compile(words.regex(token)), fullmatch=True)
                       .filter(lambda s: "\n" not in s))
    scope = {"NUMBER": "constant.numeric.gandsl", "SIZE": "constant.numeric.size.gandsl",
             "STRING": "string.quoted.double.gandsl"}[token]
    assert scopes(f"x = {sample} # end")[2] == (sample, scope)


def test_the_vscode_extension_names_the_grammar():
    package = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text())
    [grammar] = package["contributes"]["grammars"]
    assert grammar["scopeName"] == TM["scopeName"]
    assert Path(grammar["path"]).name == "gandsl.tmLanguage.json"
    assert package["contributes"]["languages"][0]["extensions"] == [".gan"]
