"""The local page's HTTP server (stdlib, one thread per request) bound to 127.0.0.1 only.

Routes: `/` and `/static/*` (the page), `/events` (server-sent events: the whole state on every
change, coalesced), `/api/state`, `/files/*` (outputs, only inside the output folder),
`/api/samples` and `/api/walk` (the explorer). Requests whose Host is not this server's own
loopback address are refused, so other web pages cannot read it through DNS rebinding.
"""
from __future__ import annotations

import errno
import json
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from gandsl.errors import GandslError
from gandsl.watch.explore import Explorer, ExploreError
from gandsl.watch.hub import Hub

HOST = "127.0.0.1"
PAGE = {"/": ("index.html", "text/html; charset=utf-8"),
        "/static/watch.js": ("watch.js", "text/javascript; charset=utf-8"),
        "/static/watch.css": ("watch.css", "text/css; charset=utf-8")}
TYPES = {".webp": "image/webp", ".mp4": "video/mp4", ".gif": "image/gif", ".png": "image/png",
         ".json": "application/json"}
# The page may load only its own script and style, and images from itself or data: URLs (the
# explorer's samples); a served output may run nothing at all, whatever its bytes say.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'")
FILE_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
PING = 15.0       # seconds between keep-alive comments on an idle event stream
COALESCE = 0.1    # seconds an event stream rests after each send


class PortInUse(GandslError):
    """The port is taken (exit 1)."""


@dataclass
class App:
    """What the handlers serve from."""

    hub: Hub
    explorer: Explorer
    out_dir: Path


class WatchServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, app: App) -> None:
        self.app = app
        super().__init__((HOST, port), Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


def make_server(port: int, app: App) -> WatchServer:
    """Bind 127.0.0.1:port (0: any free port); a taken port is a clear error."""
    try:
        return WatchServer(port, app)
    except OSError as err:
        if err.errno in (errno.EADDRINUSE, errno.EACCES):
            why = "is in use" if err.errno == errno.EADDRINUSE else "is not allowed"
            raise PortInUse(f"port {port} on {HOST} {why}", code="E150",
                            help="pass another `--port N`, or `--port 0` for any free port"
                            ) from None
        raise


class Handler(BaseHTTPRequestHandler):
    server: WatchServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the page went away mid-answer: nothing to do

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if not self._host_ok():
            return self._send(403, b"forbidden host", "text/plain")
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        path = url.path
        if path in PAGE:
            name, kind = PAGE[path]
            return self._send(200, resources.files("gandsl.watch").joinpath("page", name)
                              .read_bytes(), kind)
        if path == "/events":
            return self._events()
        if path == "/api/state":
            return self._send(200, self.server.app.hub.encoded()[1].encode(), "application/json")
        if path.startswith("/files/"):
            return self._file(unquote(path[len("/files/"):]))
        if path in ("/api/samples", "/api/walk"):
            return self._explore(path, query)
        return self._send(404, b"not found", "text/plain")

    def _host_ok(self) -> bool:
        port = self.server.port
        return self.headers.get("Host", "") in (f"{HOST}:{port}", f"localhost:{port}")

    def _send(self, status: int, body: bytes, kind: str, cache: str = "no-cache",
              csp: str = PAGE_CSP) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", csp)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _file(self, rel: str) -> None:
        """An output file, only of a media type gandsl writes (never HTML, SVG or script)."""
        root = self.server.app.out_dir.resolve()
        try:
            target = (root / rel).resolve()
            ok = root in target.parents and target.is_file()
        except (ValueError, OSError):  # a NUL byte, a name too long
            ok = False
        kind = TYPES.get(target.suffix.lower()) if ok else None
        if kind is None:
            return self._send(404, b"not found", "text/plain")
        self._send(200, target.read_bytes(), kind, csp=FILE_CSP)

    def _events(self) -> None:
        hub = self.server.app.hub
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        version, body = hub.encoded()
        self.wfile.write(f"retry: 1000\nevent: state\ndata: {body}\n\n".encode())
        self.wfile.flush()
        while not hub.closed:
            got = hub.wait(version, PING)
            if got is None:
                self.wfile.write(b": ping\n\n")
            else:
                version, body = got
                self.wfile.write(f"event: state\ndata: {body}\n\n".encode())
            self.wfile.flush()
            time.sleep(COALESCE)

    def _explore(self, path: str, query: dict[str, str]) -> None:
        explorer = self.server.app.explorer
        try:
            node, t, seed = query.get("node", ""), float(query.get("truncation", 1)), \
                int(query.get("seed", 0))
            klass = int(query.get("class", 0))
            if path == "/api/samples":
                data = explorer.samples(node, int(query.get("start", 0)),
                                        int(query.get("count", 16)), t, seed, klass)
            else:
                seeds = [int(s) for s in query.get("seeds", "").split(",") if s.strip()]
                data = explorer.walk(node, seeds, t, seed, klass)
        except (ValueError, ExploreError) as err:
            return self._json(400, {"error": str(err)})
        except Exception as err:  # generation failed: tell the page, keep serving
            return self._json(500, {"error": f"{type(err).__name__}: {err}"})
        self._json(200, data)
