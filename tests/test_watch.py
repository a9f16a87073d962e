"""`gandsl watch` pieces without a browser: hub, layout, outputs, explorer, server, watcher."""
from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from gandsl.cli.main import group
from gandsl.lang.fmt import format_text
from gandsl.engine.session import load_recipe
from gandsl.watch.explore import Explorer, ExploreError, walk_block
from gandsl.watch.hub import Hub
from gandsl.watch.layout import layout
from gandsl.watch.outputs import Digests, describe
from gandsl.watch.server import App, make_server
from gandsl.watch.session import Shared, TrainedRef
from gandsl.watch.watcher import Watcher

RECIPE = """\
data digits = digits {
  size = 16
}

model net = dcgan {
  latent = 8
  width  = 8
}

train run = gan {
  model = net
  data  = digits
  steps = 2
}

walk loop = great_circle {
  from = run
}

render anim = gif {
  frames = loop
}

eval score = swd {
  from = run
  data = digits
}
"""


def test_hub_coalesces_changes_and_wakes_readers_on_close():
    hub = Hub("r.gan")
    version, _ = hub.encoded()
    for i in range(5):
        hub.set(progress=[{"done": i}])
    newer, body = hub.wait(version, 1.0)
    assert newer == version + 5 and json.loads(body)["progress"] == [{"done": 4}]
    assert hub.wait(newer, 0.05) is None
    waiter = threading.Thread(target=hub.wait, args=(newer, 30.0))
    waiter.start()
    hub.close()
    waiter.join(2)
    assert not waiter.is_alive()


def test_layout_puts_each_node_right_of_its_inputs(tmp_path):
    (tmp_path / "r.gan").write_text(RECIPE)
    recipe = load_recipe(tmp_path / "r.gan")
    nodes, edges = layout(recipe, {"digits": "cached"})
    col = {n["name"]: n["col"] for n in nodes}
    assert all(col[a] < col[b] for a, b in edges)
    assert ["digits", "run"] in edges and ["run", "score"] in edges
    assert {n["name"]: n["status"] for n in nodes}["digits"] == "cached"
    spots = [(n["col"], n["row"]) for n in nodes]
    assert len(set(spots)) == len(spots)


def test_walk_block_is_canonical_and_checks_in_the_recipe(tmp_path):
    block = walk_block("picked", "run", [3, 1, 4], 0.7, 5, 36)
    assert format_text(block) == block
    path = tmp_path / "r.gan"
    path.write_text(RECIPE + "\n" + block)
    recipe = load_recipe(path)
    walk = recipe.nodes["picked"]
    assert walk.op == "slerp" and list(walk.params["seeds"]) == [3, 1, 4]


@pytest.fixture(scope="module")
def explorer():
    import torch
    torch.set_num_threads(1)
    from tiny_trained import TinyTrained

    trained = TinyTrained(latent=8, resolution=16, channels=3)
    shared = Shared()
    shared.trained["run"] = TrainedRef("k1", Path("."), lambda path: trained)
    shared.names = {"run", "picked"}
    ex = Explorer(shared, lambda: "cpu")
    yield ex, trained
    ex.close()


def _decode(src: str) -> np.ndarray:
    import base64
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))))


def test_samples_are_the_keyframes_of_the_copied_walk(explorer):
    from gandsl.context import RunContext
    from gandsl.ops.registry import get_op

    ex, trained = explorer
    got = ex.samples("run", 5, 4, 0.7, 2)
    assert [i["seed"] for i in got["images"]] == [5, 6, 7, 8] and got["size"] == 16
    walk = ex.walk("run", [7, 5], 0.7, 2)
    assert "picked1 = slerp" in walk["block"]  # `picked` is taken
    recipe_walk = {"seeds": [7, 5], "seed": 2, "truncation": 0.7, "loop": True,
                   "frames": walk["frames"], "fps": walk["fps"]}
    clip = get_op("walk", "slerp").run(RunContext(node="w"), recipe_walk, {"from": trained})
    frames = np.asarray(clip.frames)  # [N, H, W, C]
    first, middle = frames[0], frames[walk["frames"] // 2]
    assert np.abs(first.astype(int) - _decode(got["images"][2]["src"])).max() <= 1  # seed 7
    assert np.abs(middle.astype(int) - _decode(got["images"][0]["src"])).max() <= 1  # seed 5
    assert _decode(walk["src"]).shape[:2] == (16, 16)


def test_a_conditional_node_explores_one_class_and_the_block_names_it():
    import torch
    from gandsl.gan.checkpoint import Trained
    from gandsl.gan.models import build
    from gandsl.context import RunContext
    from gandsl.ops.registry import get_op

    spec = {"arch": "dcgan", "latent": 8, "width": 8, "resolution": 16, "channels": 1,
            "classes": 3, "class_names": ["A", "B", "C"]}
    torch.manual_seed(0)
    g, _ = build(spec)
    for p in g.parameters():
        torch.nn.init.normal_(p, 0, 0.4) if p.dim() > 1 else None
    trained = Trained({"G." + k: v for k, v in g.eval().state_dict().items()},
                      {"model": spec, "step": 0})
    shared = Shared()
    shared.trained["run"] = TrainedRef("k", Path("."), lambda path: trained)
    ex = Explorer(shared, lambda: "cpu")
    try:
        got = ex.samples("run", 0, 2, 1.0, 0, klass=2)
        other = ex.samples("run", 0, 2, 1.0, 0, klass=0)
        walk = ex.walk("run", [1, 0], 1.0, 0, klass=2)
        with pytest.raises(ExploreError, match="class must be 0..2"):
            ex.samples("run", 0, 2, 1.0, 0, klass=3)
    finally:
        ex.close()
    assert got["classes"] == ["A", "B", "C"] and got["images"][0]["src"] != other["images"][0]["src"]
    assert 'class      = "C"' in walk["block"]
    clip = get_op("walk", "slerp").run(RunContext(node="w"), {
        "seeds": [1, 0], "class": "C", "truncation": 1.0, "frames": walk["frames"],
        "fps": walk["fps"]}, {"from": trained})
    sample = _decode(got["images"][1]["src"])
    assert np.abs(np.asarray(clip.frames)[0, ..., 0].astype(int) - sample).max() <= 1


def test_explorer_refuses_bad_requests(explorer):
    ex, _ = explorer
    with pytest.raises(ExploreError, match="not a trained node"):
        ex.samples("nope", 0, 4, 1.0, 0)
    with pytest.raises(ExploreError):
        ex.samples("run", 0, 1000, 1.0, 0)
    with pytest.raises(ExploreError):
        ex.walk("run", [1], 1.0, 0)
    with pytest.raises(ExploreError):
        ex.samples("run", 0, 4, 9.0, 0)


def test_outputs_are_cache_busted_by_content_and_json_figures_shown(tmp_path):
    digests = Digests()
    (tmp_path / "a.gif").write_bytes(b"GIF89a one")
    first = describe(tmp_path, "anim", tmp_path / "a.gif", digests)
    (tmp_path / "a.gif").write_bytes(b"GIF89a two!")
    second = describe(tmp_path, "anim", tmp_path / "a.gif", digests)
    assert first["kind"] == "image" and first["url"] != second["url"]
    assert second["url"].startswith("/files/a.gif?v=")
    (tmp_path / "s.json").write_text(json.dumps({"mean": 1.23456, "swd": {"16": 2.0}}))
    report = describe(tmp_path, "score", tmp_path / "s.json", digests)
    assert report["figures"] == [["mean", "1.235"], ["swd.16", "2"]]
    (tmp_path / "frames").mkdir()
    (tmp_path / "frames" / "000001.png").write_bytes(b"png")
    folder = describe(tmp_path, "f", tmp_path / "frames", digests)
    assert folder["frames"] == 1 and folder["url"].startswith("/files/frames/000001.png?v=")


@pytest.fixture
def server(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.png").write_bytes(b"\x89PNG")
    (tmp_path / "secret.txt").write_text("no")
    hub = Hub("r.gan")
    srv = make_server(0, App(hub, Explorer(Shared(), lambda: "cpu"), out))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    hub.close()
    srv.shutdown()
    srv.server_close()


def _get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
    response = conn.getresponse()
    return response.status, response.read()


def test_server_serves_outputs_only_and_only_to_its_own_host(server):
    port = server.port
    assert server.server_address[0] == "127.0.0.1"
    assert _get(port, "/files/a.png") == (200, b"\x89PNG")
    assert _get(port, "/files/../secret.txt")[0] == 404
    assert _get(port, "/files/%2e%2e/secret.txt")[0] == 404
    assert _get(port, "/", host="evil.example:80")[0] == 403
    status, body = _get(port, "/")
    assert status == 200 and b"/static/watch.js" in body
    assert _get(port, "/static/watch.js")[0] == 200
    assert json.loads(_get(port, "/api/state")[1])["recipe"] == "r.gan"
    status, body = _get(port, "/api/samples?node=run")
    assert status == 400 and "not a trained node" in json.loads(body)["error"]


def test_only_media_gandsl_writes_is_served_and_nothing_served_may_run_script(server):
    out = server.app.out_dir
    (out / "x.html").write_text("<script>fetch('/api/state')</script>")
    (out / "x.svg").write_text("<svg onload='alert(1)'/>")
    port = server.port
    assert _get(port, "/files/x.html")[0] == 404 and _get(port, "/files/x.svg")[0] == 404
    assert _get(port, "/files/%00")[0] == 404 and _get(port, "/files/" + "a" * 5000 + ".png")[0] == 404
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for path in ("/files/a.png", "/"):
        conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        response = conn.getresponse()
        response.read()
        csp = response.getheader("Content-Security-Policy") or ""
        assert "default-src 'none'" in csp and response.getheader("X-Content-Type-Options") == "nosniff"
        assert ("sandbox" in csp) == path.startswith("/files/")


def test_a_client_that_drops_the_event_stream_does_not_hurt_the_server(server):
    for _ in range(3):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        sock.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        got = b""
        while b"event: state" not in got:
            chunk = sock.recv(65536)
            assert chunk, got
            got += chunk
        sock.close()
    server.app.hub.set(progress=[{"done": 1}])
    time.sleep(0.3)
    assert _get(server.port, "/api/state")[0] == 200


def test_a_taken_port_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.gan").write_text(RECIPE)
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        result = CliRunner().invoke(group, ["watch", "r.gan", "--port", str(port)])
    finally:
        taken.close()
    assert result.exit_code == 1
    assert f"error[E150]: port {port} on 127.0.0.1 is in use" in result.output
    assert "--port 0" in result.output and "Traceback" not in result.output


def test_watcher_sees_saves_replacements_and_a_recreated_recipe(tmp_path):
    path = tmp_path / "r.gan"
    path.write_text("a")
    seen = threading.Event()
    watcher = Watcher({path}, seen.set)
    watcher.start()
    try:
        for step, change in enumerate((lambda: path.write_text("b"),
                       lambda: ((tmp_path / "tmp").write_text("c"), (tmp_path / "tmp").replace(path)),
                       path.unlink, lambda: path.write_text("d"))):
            time.sleep(0.3)
            seen.clear()
            change()
            assert seen.wait(10), step
        seen.clear()
        (tmp_path / "other.txt").write_text("x")
        assert not seen.wait(1.0)
    finally:
        watcher.stop()


def test_watch_modules_import_no_heavy_library():
    from test_cheap_imports import heavy_modules

    code = ("import sys, gandsl.watch.app, gandsl.watch.server, gandsl.watch.session, gandsl.cli.watch\n"
            "from click.testing import CliRunner\n"
            "from gandsl.cli.main import group\n"
            "assert CliRunner().invoke(group, ['watch', '--help']).exit_code == 0\n")
    assert heavy_modules(code) == []


def test_a_cancelled_training_keeps_its_steps_and_resumes_bit_identically(tmp_path):
    import torch
    from gandsl.context import Cancelled
    from gandsl.gan import checkpoint as ckpt
    from gandsl.ops import train_gan
    from gandsl.context import RunContext

    class StopAtFirstReport:
        def task(self, description, total, completed=0):
            return self

        def advance(self, n=1, **fields):
            raise Cancelled()

        def close(self):
            pass

    torch.set_num_threads(1)
    model = {"arch": "dcgan", "latent": 8, "width": 8, "resolution": 0, "channels": 0}
    data = np.random.default_rng(0).integers(0, 256, (40, 1, 16, 16), dtype=np.uint8)
    params = {s.name: s.default for s in train_gan.SPEC.params if not s.is_input}
    params.update(steps=30, batch=8, preview_every=0, checkpoint_every=1000)

    def ctx(work: str, progress=None) -> RunContext:
        (tmp_path / work).mkdir(exist_ok=True)
        kw = {"progress": progress} if progress else {}
        return RunContext(node="run", work_dir=tmp_path / work, out_dir=tmp_path / "out",
                          tmp_dir=tmp_path, **kw)

    with pytest.raises(Cancelled):
        train_gan.run(ctx("a", StopAtFirstReport()), params, {"model": model, "data": data})
    assert ckpt.list_steps(tmp_path / "a") == [25]  # the first loss report, not step 0
    messages: list[str] = []
    c = ctx("a")
    c.info = messages.append
    resumed = train_gan.run(c, params, {"model": model, "data": data})
    assert any("resuming from step 25" in m for m in messages), messages
    straight = train_gan.run(ctx("b"), params, {"model": model, "data": data})
    assert all(torch.equal(resumed.tensors[k], straight.tensors[k]) for k in straight.tensors)


def test_a_save_during_training_cancels_the_stale_run_and_starts_the_new_one(tmp_path,
                                                                              monkeypatch):
    import torch  # noqa: F401
    from gandsl.watch.runner import Runner
    from gandsl.watch.session import WatchConfig

    monkeypatch.chdir(tmp_path)
    long_run = RECIPE.replace("steps = 2", "steps = 100000")
    (tmp_path / "r.gan").write_text(long_run)
    hub = Hub("r.gan")
    runner = Runner(WatchConfig(Path("r.gan"), cache_dir=str(tmp_path / "cache")), hub)
    runner.start()

    def until(test, timeout=240.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = hub.snapshot()
            if test(state):
                return state
            time.sleep(0.1)
        raise AssertionError((hub.snapshot()["run"], hub.snapshot()["error"]))

    try:
        until(lambda s: any(b["label"] == "train run" and b["done"] >= 25 for b in s["progress"]))
        (tmp_path / "r.gan").write_text(long_run.replace("steps = 100000", "steps = 30"))
        runner.request()
        state = until(lambda s: s["run"]["id"] == 2 and s["run"]["state"] == "done", 600)
        assert {n["name"]: n["status"] for n in state["nodes"]}["run"] == "ran"
        assert state["error"] is None and state["trained"][0]["name"] == "run"
    finally:
        runner.stop()
    assert not runner._thread.is_alive()
