"""`gandsl watch` put together: server, runner and file watcher, and a clean shutdown."""
from __future__ import annotations

import signal
import threading
import webbrowser
from typing import Any, Callable

from gandsl.watch.explore import Explorer
from gandsl.watch.hub import Hub
from gandsl.watch.runner import Runner
from gandsl.watch.server import HOST, App, make_server
from gandsl.watch.session import WatchConfig
from gandsl.watch.watcher import Watcher


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve(cfg: WatchConfig, port: int, open_page: bool, say: Callable[[str], None]) -> None:
    """Serve the page and rerun on saves until Ctrl-C or SIGTERM; leaves no thread running."""
    hub = Hub(str(cfg.recipe))
    runner: Runner | None = None
    watcher = Watcher({cfg.recipe}, lambda: runner.request() if runner else None)
    runner = Runner(cfg, hub, on_files=watcher.set_files)
    explorer = Explorer(runner.shared, lambda: _device(runner, cfg))
    server = make_server(port, App(hub, explorer, cfg.out))  # a taken port fails before any work
    url = f"http://{HOST}:{server.port}/"
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        runner.start()
        watcher.start()
        say(f"gandsl watch: {url}  (watching {cfg.recipe}; Ctrl-C stops)")
        if open_page:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        say("gandsl watch: stopping")
    finally:
        hub.close()
        watcher.stop()
        runner.stop()
        explorer.close()
        server.server_close()
        signal.signal(signal.SIGTERM, previous)


def _device(runner: Runner, cfg: WatchConfig) -> str:
    """The device the runs use (resolved once; torch is imported here at the earliest)."""
    if runner.shared.device is None:
        from gandsl.engine.device import resolve_device

        runner.shared.device = resolve_device(cfg.device)
    return runner.shared.device
