"""Measure `gandsl lsp` as an editor sees it, over stdio JSON-RPC, on a ~300-line recipe.

Usage: python bench/lsp.py [--lines 300] [--runs 10]. Goal: each request answered in ~100 ms.
Prints the median and max milliseconds per request, and the machine's load (figures scale with it).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import BaseLanguageClient

CHAIN = """# chain {i}
data d{i} = digits {{ size = 16 }}
model m{i} = dcgan {{ latent = 16  width = 16 }}
train t{i} = gan {{
  model = m{i}
  data  = d{i}
  steps = steps
  batch = 16
  loss  = "hinge"
  seed  = seed + {i}
}}
walk w{i} = great_circle {{
  from       = t{i}
  duration   = 2s
  fps        = 12
  grid       = 2x2
  truncation = keys {{ 0s: 0.7, 1s: 1.0 ease in_out, 2s: 0.7 }}
}}
render g{i} = gif {{
  frames = w{i}
  scale  = 2
  out    = "g{i}.gif"
}}
"""


def recipe(lines: int) -> str:
    """A valid recipe of about `lines` lines in canonical layout: params and node chains."""
    from gandsl.lang.fmt import format_text

    text = 'gandsl 1\n\nparam steps: int = 800 in 1..1000000 "training steps"\nparam seed = 7\n'
    i = 0
    while format_text(text).count("\n") < lines:
        text += CHAIN.format(i=i)
        i += 1
    return format_text(text)


def position(text: str, needle: str, shift: int = 0) -> lsp.Position:
    offset = text.index(needle) + shift
    return lsp.Position(line=text.count("\n", 0, offset),
                        character=offset - (text.rfind("\n", 0, offset) + 1))


class Client(BaseLanguageClient):
    """Records when diagnostics arrive."""

    def __init__(self) -> None:
        super().__init__("bench", "1")
        self.published = asyncio.Event()

        @self.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
            self.diagnostics = params.diagnostics
            self.published.set()

    async def diagnosed(self) -> float:
        """Seconds until the next diagnostics."""
        start = time.perf_counter()
        await asyncio.wait_for(self.published.wait(), 60)
        self.published.clear()
        return time.perf_counter() - start


async def timed(make) -> float:
    start = time.perf_counter()
    await make()
    return time.perf_counter() - start


def report(name: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(f"{name:<34} median {statistics.median(ms):7.1f} ms   max {max(ms):7.1f} ms")


async def bench(lines: int, runs: int) -> None:
    text = recipe(lines)
    folder = Path(tempfile.mkdtemp(prefix="gandsl-lsp-bench-"))
    path = folder / "bench.gan"
    path.write_text(text)
    uri = path.as_uri()
    doc = lsp.TextDocumentIdentifier(uri=uri)
    client = Client()
    start = time.perf_counter()
    await client.start_io(sys.executable, "-m", "gandsl", "lsp")
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities()))
    client.initialized(lsp.InitializedParams())
    print(f"recipe: {text.count(chr(10))} lines; server start + initialize "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=uri, language_id="gandsl", version=1, text=text)))
    report("open -> diagnostics (first check)", [await client.diagnosed()])
    assert not client.diagnostics, client.diagnostics
    changes, value = [], 800
    for version in range(2, runs + 2):
        at = position(text, f"= {value}", 2)
        text = text.replace(f"= {value}", f"= {value + 1}", 1)
        value += 1
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangePartial(
                range=lsp.Range(start=at, end=lsp.Position(line=at.line, character=at.character + 3)),
                text=str(value))]))
        changes.append(await client.diagnosed())
    report(f"change -> diagnostics (incl. {int(0.15e3)} ms debounce)", changes)
    requests = {
        "completion (train block keys)": lambda: client.text_document_completion_async(
            lsp.CompletionParams(text_document=doc, position=position(text, "  batch = 16"))),
        "completion (`model =` value)": lambda: client.text_document_completion_async(
            lsp.CompletionParams(text_document=doc, position=position(text, "model = m", 8))),
        "hover (op)": lambda: client.text_document_hover_async(
            lsp.HoverParams(text_document=doc, position=position(text, "= gan", 3))),
        "hover (reference)": lambda: client.text_document_hover_async(
            lsp.HoverParams(text_document=doc, position=position(text, "steps = steps", 9))),
        "definition": lambda: client.text_document_definition_async(
            lsp.DefinitionParams(text_document=doc, position=position(text, "from       = t", 14))),
        "document symbols": lambda: client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(text_document=doc)),
        "formatting": lambda: client.text_document_formatting_async(lsp.DocumentFormattingParams(
            text_document=doc, options=lsp.FormattingOptions(tab_size=2, insert_spaces=True))),
    }
    for name, make in requests.items():
        report(name, [await timed(make) for _ in range(runs)])
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def plain_range(span) -> lsp.Range:
    return lsp.Range(start=lsp.Position(line=span.line - 1, character=span.col - 1),
                     end=lsp.Position(line=span.end_line - 1, character=span.end_col - 1))


def in_process(lines: int, runs: int) -> None:
    """CPU time of each step inside one process (less sensitive to a loaded machine than wall)."""
    from gandsl.lsp.completion import complete
    from gandsl.lsp.document import Document, Pos
    from gandsl.lsp.formatting import format_edits
    from gandsl.lsp.hover import hover
    from gandsl.lsp.symbols import symbols

    text = recipe(lines)
    path = Path(tempfile.mkdtemp(prefix="gandsl-lsp-bench-")) / "bench.gan"
    path.write_text(text)
    doc = Document(path, lambda p: p.read_text("utf-8"))
    checked = doc.check(text)
    at = position(text, "= gan", 3)
    steps = {
        "check (parse, resolve, diagnostics)": lambda: Document(path, doc.read).check(text),
        "completion (train block keys)": lambda: complete(text, text.index("  batch = 16"),
                                                          checked.module),
        "hover (op)": lambda: hover(checked.analysis, Pos(at.line, at.character)),
        "document symbols": lambda: symbols(checked.module.recipe, plain_range),
        "formatting": lambda: format_edits(text, lsp.Position(line=0, character=0),
                                           checked.module.recipe),
    }
    print("in-process CPU time:")
    for name, step in steps.items():
        times = []
        for _ in range(runs):
            start = time.process_time()
            step()
            times.append(time.process_time() - start)
        report("  " + name, times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    asyncio.run(bench(args.lines, args.runs))
    in_process(args.lines, args.runs)


if __name__ == "__main__":
    main()
