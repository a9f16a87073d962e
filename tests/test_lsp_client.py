"""`gandsl lsp` driven as a real client over stdio JSON-RPC (pytest-lsp): diagnostics, completion,
hover, formatting, go to definition across a `use`, and a broken file that does not stop it."""
import asyncio
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from gandsl.lang.fmt import format_text

pytestmark = pytest.mark.asyncio(loop_scope="module")

BASE = """gandsl 1

data digits = digits {
  size = 16
}

model net = dcgan {
  latent = 16
}

train run = gan {
  model = net
  data  = digits
  steps = 10
}
"""

MAIN = """use "base.gan" as base

param steps = 20

walk loop = spline {
  from = base.run
}
"""


@pytest_lsp.fixture(scope="module",
                    config=ClientServerConfig(server_command=[sys.executable, "-m", "gandsl", "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code")))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("lsp")
    (root / "base.gan").write_text(BASE)
    (root / "main.gan").write_text(MAIN)
    return root


def open_doc(client: LanguageClient, path, text: str) -> str:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="gandsl", version=1, text=text)))
    return uri


async def diagnostics_of(client: LanguageClient, uri: str) -> list:
    """Wait for the server's diagnostics of `uri` (the caller pops old ones before a change)."""
    for _ in range(600):
        if uri in client.diagnostics:
            return list(client.diagnostics[uri])
        await asyncio.sleep(0.05)
    raise TimeoutError(f"no diagnostics for {uri}")


def at(text: str, word: str, shift: int = 0) -> types.Position:
    """The position of the first `word` in `text` (plus `shift` characters)."""
    offset = text.index(word) + shift
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=offset - (text.rfind("\n", 0, offset) + 1))


def apply(text: str, edits: list) -> str:
    """Apply LSP text edits (ASCII text: characters are UTF-16 units)."""
    lines = text.splitlines(True)
    def offset(p):
        return sum(len(x) for x in lines[:p.line]) + p.character
    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


async def test_a_typo_is_e012_at_its_range_and_a_fix_clears_it(client, folder):
    text = MAIN.replace("from = base.run", "from = base.run\n  seed = stepz")
    uri = open_doc(client, folder / "typo.gan", text)
    [diag] = await diagnostics_of(client, uri)
    assert diag.code == "E012"
    assert diag.range == types.Range(start=at(text, "stepz"), end=at(text, "stepz", 5))
    assert diag.message.startswith("unknown reference `stepz`")
    assert "help: did you mean `steps`" in diag.message
    assert diag.severity == types.DiagnosticSeverity.Error
    fix = types.Range(start=at(text, "stepz"), end=at(text, "stepz", 5))
    client.diagnostics.pop(uri)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(range=fix, text="steps")]))
    assert await diagnostics_of(client, uri) == []


async def test_completion_in_a_train_block_offers_unset_params_and_model_nodes(client, folder):
    text = BASE.replace("  steps = 10\n", "  steps = 10\n  \n")
    uri = open_doc(client, folder / "complete.gan", text)
    await diagnostics_of(client, uri)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(text, "  \n}", 2)))
    items = {i.label: i for i in result.items}
    assert {"batch", "lr", "loss", "ema"} <= set(items)
    assert not {"model", "data", "steps"} & set(items)      # already set
    assert items["batch"].detail == "int = 32"
    assert "images per step" in items["batch"].documentation.value
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(text, "model = net", 8)))
    labels = {i.label for i in result.items}
    assert "net" in labels and "digits" not in labels       # `model =` wants a model node


async def test_hover_on_an_op_shows_its_help_and_params(client, folder):
    uri = open_doc(client, folder / "base.gan", BASE)
    await diagnostics_of(client, uri)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(BASE, "= gan {", 3)))
    assert "train op `gan`" in hover.contents.value
    assert "`steps`: int = 3000" in hover.contents.value


async def test_formatting_gives_exactly_fmt_output(client, folder):
    text = "param  a=1\nparam b = a*( 2+3 )   # note\ndata d = digits { size=16\n}\n"
    uri = open_doc(client, folder / "messy.gan", text)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        options=types.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert edits
    assert apply(text, edits) == format_text(text)


async def test_go_to_definition_across_a_use(client, folder):
    uri = open_doc(client, folder / "main.gan", MAIN)
    await diagnostics_of(client, uri)
    where = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(MAIN, "base.run", 6)))
    assert where.uri == (folder / "base.gan").as_uri()
    assert where.range.start == at(BASE, "run = gan")
    where = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(MAIN, "base.gan", 1)))
    assert where.uri == (folder / "base.gan").as_uri()


@pytest.mark.parametrize("text", ['train run = gan {\n  loss = "unterminated\n',
                                  "[" * 5000, "param x = 1..\n}}}", "\x00\ufeff\U0001f600 = {"])
async def test_a_broken_file_never_stops_the_server(client, folder, text):
    uri = open_doc(client, folder / f"broken{len(text)}.gan", text)   # one file per case
    assert await diagnostics_of(client, uri)
    end = at(text + "\n", "\n") if "\n" in text else types.Position(line=0, character=3)
    doc = types.TextDocumentIdentifier(uri=uri)
    await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=end))
    await client.text_document_hover_async(types.HoverParams(text_document=doc, position=end))
    await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc))
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc))
    assert not [m for m in client.log_messages if m.type == types.MessageType.Error]


async def test_an_importer_sees_the_unsaved_text_of_an_open_import(client, folder):
    (folder / "lib.gan").write_text(BASE)
    text = MAIN.replace("base", "lib")
    uri = open_doc(client, folder / "uses.gan", text)
    assert await diagnostics_of(client, uri) == []
    client.diagnostics.pop(uri)
    open_doc(client, folder / "lib.gan", BASE.replace("train run", "train fit"))   # not saved
    [diag] = await diagnostics_of(client, uri)
    assert diag.code == "E012" and diag.range.start == at(text, "lib.run", 4)



async def test_a_did_you_mean_hint_is_a_quick_fix(client, folder):
    text = MAIN.replace("from = base.run", "from = base.run\n  seed = stepz")
    uri = open_doc(client, folder / "fix.gan", text)
    [diag] = await diagnostics_of(client, uri)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diag.range,
        context=types.CodeActionContext(diagnostics=[diag])))
    [action] = actions
    assert action.kind == types.CodeActionKind.QuickFix and action.title == "Change to `steps`"
    assert apply(text, action.edit.changes[uri]) == MAIN.replace("from = base.run",
                                                                 "from = base.run\n  seed = steps")


async def test_a_half_typed_line_keeps_hover_and_outline_from_the_last_good_parse(client, folder):
    uri = open_doc(client, folder / "half.gan", MAIN)
    await diagnostics_of(client, uri)
    client.diagnostics.pop(uri)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=MAIN + "render r = gif {\n  fra")]))
    diags = await diagnostics_of(client, uri)
    assert diags and "a node is written" not in diags[0].message
    outline = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert [c.name for s in outline if s.name == "walk" for c in s.children] == ["loop"]
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=at(MAIN, "spline")))
    assert hover is not None and "spline" in hover.contents.value


async def test_diagnostic_columns_count_utf16_units_after_an_emoji(client, folder):
    line = 'render g = gif { out = "\U0001F600.gif"  frames = loopz }'
    text = MAIN + line + "\n"
    uri = open_doc(client, folder / "emoji.gan", text)
    [diag] = await diagnostics_of(client, uri)
    assert diag.code == "E012"
    column = line.index("loopz") + 1  # the emoji is one code point but two UTF-16 units
    assert diag.range.start == types.Position(line=text.count("\n") - 1, character=column)
    assert diag.range.end.character == column + len("loopz")
