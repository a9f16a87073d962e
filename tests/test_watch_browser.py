"""`gandsl watch` end to end: a subprocess serving a tiny recipe, driven in headless Chromium.

The page updates without reloading when the recipe is saved, shows recipe errors exactly as
`gandsl check` prints them, explores the trained node (samples, walk preview, copied `walk`
block that checks when pasted), has no console errors, listens on 127.0.0.1 only, and the
server stops cleanly leaving no process behind. Screenshots at 390 and 1280 px go to
out/screenshots/watch-*.png.
"""
from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from test_browser import CHROMIUM, SHOTS, CDP, Page, launch, stop

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason="Chromium not found at /usr/bin/chromium"),
]

RECIPE = """\
data digits = digits {
  size  = 16
  count = 64
}

model net = dcgan {
  latent = 8
  width  = 8
}

train run = gan {
  model         = net
  data          = digits
  steps         = 4
  batch         = 8
  preview_every = 2
}

walk loop = great_circle {
  from   = run
  frames = 4
}

render anim = gif {
  frames = loop
  scale  = 2
}

render grid = sheet {
  from = run
  grid = 4x4
}

eval score = swd {
  from    = run
  data    = digits
  samples = 32
}
"""


class Watch:
    """`gandsl watch r.gan --port 0` in its own session; its stderr lines land in a queue."""

    def __init__(self, folder: Path) -> None:
        env = dict(os.environ, GANDSL_CACHE_DIR=str(folder / "cache"), OMP_NUM_THREADS="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "gandsl", "watch", "r.gan", "--port", "0"],
                                     cwd=folder, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._wait_url()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)

    def _wait_url(self) -> str:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.proc.poll() is None, "".join(self.output)
                continue
            if "http://127.0.0.1:" in line:
                return line.split()[2]
        pytest.fail("gandsl watch printed no URL: " + "".join(self.output))

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    def close(self) -> int:
        """SIGTERM; the exit status (no process of its session may remain)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            pytest.fail("gandsl watch did not stop on SIGTERM")
        return code


def wait_for(page: Page, expression: str, timeout: float = 240) -> object:
    """Poll a JavaScript expression until it is truthy; its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.js(expression)
        if value:
            return value
        time.sleep(0.25)
    state = page.js("JSON.stringify({run: document.querySelector('#run-state').textContent, "
                    "error: document.querySelector('#error-text').textContent})")
    raise AssertionError(f"timed out waiting for {expression}; page: {state}")


def listening_addresses(port: int) -> list[str]:
    """Local addresses (hex, as /proc/net shows them) of sockets listening on the port."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for row in f.readlines()[1:]:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:
                    found.append(address)
    return found


DONE = "document.querySelector('#run-state').dataset.state === 'done'"
GRID_SRC = "document.querySelector('.card[data-name=\"grid.png\"] img')?.getAttribute('src')"


def save(path: Path, text: str) -> None:
    """Write like an editor that saves in place, and make sure the mtime moves."""
    path.write_text(text)


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    folder = tmp_path_factory.mktemp("watch")
    (folder / "r.gan").write_text(RECIPE)
    watch = Watch(folder)
    proc, ws_url = launch(tmp_path_factory.mktemp("chromium-profile"))
    cdp = CDP(ws_url)
    origin = watch.url.rstrip("/")
    cdp.send("Browser.grantPermissions", origin=origin,
             permissions=["clipboardReadWrite", "clipboardSanitizedWrite"])
    try:
        page = Page(cdp)
        page.goto(watch.url)
        yield page, watch, folder
    finally:
        cdp.ws.close()
        stop(proc)
        code = watch.close()
        assert code == 0, "".join(watch.output)
        with pytest.raises(ProcessLookupError):
            os.killpg(watch.proc.pid, 0)  # nothing of its session is left


def test_first_run_shows_outputs_graph_and_preview(session):
    page, watch, _ = session
    wait_for(page, DONE)
    wait_for(page, "document.querySelectorAll('#outputs .card').length === 3")
    wait_for(page, "[...document.querySelectorAll('#outputs img')].every(i => i.complete && i.naturalWidth > 0)")
    assert page.js("[...document.querySelectorAll('#dag g.node')].map(g => g.dataset.status).join()") == \
        "ran,ran,ran,ran,ran,ran,ran"
    assert page.js("document.querySelector('.card[data-name=\"score.json\"] table').textContent").startswith("images32mean")
    assert page.js("document.querySelector('#previews img').getAttribute('src')").startswith("/files/run_preview.png?v=")
    assert listening_addresses(watch.port) == ["0100007F"]  # 127.0.0.1, nothing else
    assert page.errors() == []


def test_a_save_updates_the_page_without_reload(session):
    page, _, folder = session
    wait_for(page, DONE)
    page.js("window.loadedOnce = 'yes'")
    before = page.js(GRID_SRC)
    save(folder / "r.gan", RECIPE.replace("grid = 4x4", "grid = 3x2"))
    wait_for(page, f"{GRID_SRC} !== {json.dumps(before)} && {DONE}")
    assert page.js("window.loadedOnce") == "yes"
    statuses = page.js("Object.fromEntries([...document.querySelectorAll('#dag g.node')]"
                       ".map(g => [g.dataset.name, g.dataset.status]))")
    assert statuses["grid"] == "ran" and statuses["run"] == "cached"
    wait_for(page, "document.querySelector('.card[data-name=\"grid.png\"] img').naturalWidth > 0")
    assert page.errors() == []


def test_a_typo_shows_the_error_exactly_as_the_cli(session):
    page, _, folder = session
    wait_for(page, DONE)
    save(folder / "r.gan", RECIPE.replace("frames = loop", "frames = lop"))
    text = wait_for(page, "!document.querySelector('#error').hidden && document.querySelector('#error-text').textContent")
    cli = subprocess.run([sys.executable, "-m", "gandsl", "check", "r.gan"], cwd=folder,
                         capture_output=True, text=True)
    assert cli.returncode == 1
    assert text.strip() == cli.stderr.strip()
    assert "error[E012]" in text and "--> r.gan:" in text and "^^^" in text and "help:" in text
    page.screenshot(SHOTS / "watch-error-390.png", 390, True)
    assert page.js("document.documentElement.scrollWidth") <= 390
    page.call("Emulation.clearDeviceMetricsOverride")
    save(folder / "r.gan", RECIPE)
    wait_for(page, f"document.querySelector('#error').hidden && {DONE}")
    assert page.errors() == []


def test_a_deleted_recipe_is_an_error_until_it_comes_back(session):
    page, watch, folder = session
    wait_for(page, DONE)
    (folder / "r.gan").unlink()
    text = wait_for(page, "!document.querySelector('#error').hidden && document.querySelector('#error-text').textContent")
    assert "error[E031]" in text
    (folder / "r.gan").write_text(RECIPE)
    wait_for(page, f"document.querySelector('#error').hidden && {DONE}")
    assert watch.proc.poll() is None


def test_explore_samples_walk_and_copy_the_block(session):
    page, _, folder = session
    wait_for(page, DONE)
    wait_for(page, "!document.querySelector('#explore').hidden && document.querySelectorAll('#samples .sample img').length === 16")
    first = page.js("document.querySelector('#samples .sample img').src")
    page.js("const t = document.querySelector('#ex-trunc'); t.value = '0.5'; t.dispatchEvent(new Event('input'))")
    wait_for(page, f"document.querySelector('#samples .sample img').src !== {json.dumps(first)}", 60)
    page.js("document.querySelector('.sample[data-seed=\"3\"]').click()")
    page.js("document.querySelector('.sample[data-seed=\"1\"]').click()")
    assert page.js("document.querySelector('#picked').textContent") == "seeds 3, 1"
    page.js("document.querySelector('#walk-go').click()")
    wait_for(page, "document.querySelector('#walk-img').complete && document.querySelector('#walk-img').naturalWidth > 0", 60)
    block = page.js("document.querySelector('#walk-block').textContent")
    assert "seeds      = [3, 1]" in block and "truncation = 0.5" in block and "from       = run" in block
    page.js("document.querySelector('#copy-walk').click()")
    wait_for(page, "document.querySelector('#copy-walk').textContent === 'copied'", 10)
    assert page.js("navigator.clipboard.readText()") == block
    render = "\nrender walked = gif {\n  frames = picked\n}\n"
    save(folder / "r.gan", RECIPE + "\n" + block + render)  # the pasted block checks and runs
    wait_for(page, "document.querySelector('.card[data-name=\"walked.gif\"] img')?.naturalWidth > 0")
    assert page.js("document.querySelector('#dag g.node[data-name=\"picked\"]').dataset.status") == "ran"
    assert page.js("document.querySelector('#error').hidden")
    assert page.errors() == []


def test_save_storm_and_dropped_streams_leave_the_server_serving(session):
    page, watch, folder = session
    wait_for(page, DONE)
    runs = page.js("Number(document.body.dataset.version)")
    for i in range(20):
        (folder / "r.gan").write_text(RECIPE + f"\n# save {i}\n")
        time.sleep(0.02)
    wait_for(page, f"Number(document.body.dataset.version) > {runs} && {DONE}")
    for _ in range(3):  # event streams opened and dropped mid-stream
        page.js("new Promise(r => { const s = new EventSource('/events'); s.onmessage = null; "
                "s.addEventListener('state', () => { s.close(); r(1); }); })")
    assert page.js("fetch('/api/state').then(r => r.json()).then(s => s.run.state)") == "done"
    assert watch.proc.poll() is None
    assert page.errors() == []


def test_screenshots_at_phone_and_desktop_widths(session):
    page, _, _ = session
    wait_for(page, DONE)
    for width, mobile in ((390, True), (1280, False)):
        path = SHOTS / f"watch-{width}.png"
        page.screenshot(path, width, mobile)
        assert path.stat().st_size > 1000
        assert page.js("document.documentElement.scrollWidth") <= width, f"scrolls sideways at {width}px"
    assert page.errors() == []
