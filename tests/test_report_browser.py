"""The weekly report page in a real headless Chromium: it loads offline, shows the score, logs no errors.

Chromium is driven through the DevTools protocol by the small client below (stdlib only: a websocket
handshake and frames), so the test needs nothing but the Debian `chromium` package. Without it the tests
skip and say why; .ci/run installs it.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import os
import shutil
import socket
import struct
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from reports.source import Sources
from reports.weekly import Paths, build
from tests.test_report import fixture_mutants, fixture_run

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH: apt-get install -y chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-port=0"]
SCREENSHOTS = os.environ.get("REPORT_SCREENSHOT_DIR")      # keep the screenshot here (a CI artifact); else a temp dir


class DevTools:
    """One page target over the DevTools protocol: send commands, gather events."""

    def __init__(self, ws_url: str):
        host, port, path = _split(ws_url)
        self.sock = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert b" 101 " in head.split(b"\r\n")[0], head
        self.next_id, self.events = 0, []

    def _recv_exact(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            buf += chunk
        return buf

    def _recv(self) -> dict:
        payload = b""
        while True:
            b0, b1 = self._recv_exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._recv_exact(8))[0]
            data = self._recv_exact(n)           # the server never masks its frames
            opcode = b0 & 0x0F
            if opcode == 9:                      # ping
                self._send_frame(0xA, data)
                continue
            if opcode == 8:
                raise ConnectionError("DevTools closed the connection")
            payload += data
            if b0 & 0x80:                        # FIN: the message is complete
                return json.loads(payload)

    def _send_frame(self, opcode: int, data: bytes):
        mask = os.urandom(4)
        n = len(data)
        head = bytes([0x80 | opcode]) + (bytes([0x80 | n]) if n < 126 else
                                         bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else
                                         bytes([0x80 | 127]) + struct.pack(">Q", n))
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self._send_frame(1, json.dumps({"id": self.next_id, "method": method, "params": params}).encode())
        while True:
            msg = self._recv()
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        seen = len(self.events)
        while time.monotonic() < deadline:
            for e in self.events[seen:]:
                if e.get("method") == method:
                    return e
            seen = len(self.events)
            self.events.append(self._recv())
        raise TimeoutError(f"no {method} within {timeout} s")


def _split(ws_url: str) -> tuple[str, int, str]:
    rest = ws_url.split("://", 1)[1]
    hostport, path = rest.split("/", 1)
    host, port = hostport.rsplit(":", 1)
    return host, int(port), "/" + path


def load_page(path: Path, tmp: Path, shot: Path) -> dict:
    """Open `path` in headless Chromium; return its errors, network requests, score text and a screenshot."""
    profile = tmp / "profile"
    proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"chromium did not start (exit code {proc.poll()})")
            time.sleep(0.1)
        port = int(port_file.read_text().splitlines()[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30))
        page = next(t for t in targets if t.get("type") == "page")
        dev = DevTools(page["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Log", "Network"):
            dev.call(f"{domain}.enable")
        dev.call("Emulation.setDeviceMetricsOverride", width=1280, height=1600, deviceScaleFactor=1, mobile=False)
        dev.call("Page.navigate", url=path.resolve().as_uri())
        dev.wait_for("Page.loadEventFired")
        score = dev.call("Runtime.evaluate", expression="document.getElementById('score').textContent",
                         returnByValue=True)["result"].get("value")
        shown = dev.call("Runtime.evaluate", returnByValue=True,
                         expression="document.getElementById('f-count') ? document.getElementById('f-count').textContent : ''"
                         )["result"].get("value")
        png = dev.call("Page.captureScreenshot", format="png")["data"]
        shot.parent.mkdir(parents=True, exist_ok=True)
        shot.write_bytes(base64.b64decode(png))
        dev.call("Runtime.evaluate", expression="1")      # drains events logged after load
        errors = []
        for e in dev.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                errors.append(p["exceptionDetails"].get("exception", {}).get("description") or p["exceptionDetails"]["text"])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
                errors.append(p["entry"]["text"])
        requests = [e["params"]["request"]["url"] for e in dev.events if e.get("method") == "Network.requestWillBeSent"]
        return {"errors": errors, "requests": requests, "score": score, "shown": shown}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    paths = Paths(tmp / "weekly", tmp / "history.jsonl", tmp / "corpus")
    build(fixture_run(), fixture_mutants(), paths, "2026-W47", Sources(None),
          now=dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc))
    written = build(fixture_run(), fixture_mutants(survive_more=False), paths, "2026-W48", Sources(None),
                    now=dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc))
    return written.dir / "index.html", tmp


def test_page_loads_offline_with_no_errors_and_shows_score(page):
    index, tmp = page
    shot = (Path(SCREENSHOTS) if SCREENSHOTS else tmp) / "weekly.png"
    got = load_page(index, tmp, shot)
    assert got["errors"] == []
    assert [u for u in got["requests"] if not u.startswith(("file:", "data:"))] == []      # nothing fetched
    assert got["score"] and got["score"].endswith("%") and got["score"] != "—"
    assert got["shown"].endswith("shown")          # the filter script ran
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_broken_page_fails_the_check(page):
    """The check is not blind: a script error and a network fetch in the page are both reported."""
    index, tmp = page
    broken = index.with_name("broken.html")
    broken.write_text(index.read_text().replace("</body>", "<script>noSuchFunction();</script>"
                                                "<img src='http://192.0.2.1/x.png'></body>"))
    got = load_page(broken, tmp / "b", tmp / "broken.png")
    assert any("noSuchFunction" in e for e in got["errors"])
    assert any("192.0.2.1" in e for e in got["errors"])          # the CSP refused the fetch, and said so
