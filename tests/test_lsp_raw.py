"""The language server over raw JSON-RPC: a request it cannot read still gets a reply."""
from __future__ import annotations

import json
import subprocess
import sys
import threading


def _send(proc: subprocess.Popen, message: dict) -> None:
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def _read(proc: subprocess.Popen) -> dict:
    length = 0
    while (line := proc.stdout.readline().strip()):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(proc.stdout.read(length))


def _reply(proc: subprocess.Popen, msg_id: int) -> dict:
    while True:
        message = _read(proc)
        if message.get("id") == msg_id and "method" not in message:
            return message


def test_a_request_with_invalid_params_gets_an_error_reply():
    proc = subprocess.Popen([sys.executable, "-m", "gandsl", "lsp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    watchdog = threading.Timer(30, proc.kill)  # a reply that never comes fails, not hangs
    watchdog.start()
    try:
        _send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"processId": None, "rootUri": None, "capabilities": {}}})
        assert "result" in _reply(proc, 1)
        _send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
        _send(proc, {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"bogus": 1}})
        assert _reply(proc, 2)["error"]["code"] == -32602  # invalid params
        _send(proc, {"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
        assert "result" in _reply(proc, 3)  # and it still serves
        _send(proc, {"jsonrpc": "2.0", "method": "exit"})
        proc.wait(timeout=10)
    finally:
        watchdog.cancel()
        proc.kill()
