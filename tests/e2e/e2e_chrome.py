"""Headless Chromium driven over the DevTools protocol, with nothing but websocket-client.

Chromium picks its own debugging port (``--remote-debugging-port=0``) and
writes it to ``DevToolsActivePort`` in the fresh profile directory, so there
is no port race. The flags keep it from contacting anything but the page it is
sent to (contract §12).
"""

from __future__ import annotations

import base64
import itertools
import json
from pathlib import Path

import requests
import websocket

from e2e_processes import Service, wait_until

__all__ = ["Chromium", "Page"]

FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
]


class Chromium:
    """One browser process with a fresh profile; ``page()`` gives its first tab."""

    def __init__(self, binary: Path, workdir: Path, width: int = 1440, height: int = 1000):
        self.profile = workdir / "chromium-profile"
        self.profile.mkdir(parents=True, exist_ok=True)
        argv = [str(binary), *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
                "about:blank"]
        self.service = Service("chromium", argv, None, workdir / "chromium.log")
        self.port: int | None = None

    def start(self, timeout: float = 60.0) -> "Chromium":
        active = self.profile / "DevToolsActivePort"
        active.unlink(missing_ok=True)  # a stale one would name a dead port
        self.service.start()

        def port():
            if not self.service.running():
                raise RuntimeError(f"chromium exited:\n{self.service.log_tail()}")
            text = active.read_text() if active.exists() else ""
            return int(text.split()[0]) if text.strip() else None

        self.port = wait_until(port, timeout, "chromium's DevToolsActivePort")
        return self

    def page(self) -> "Page":
        def first_page():
            targets = requests.get(f"http://127.0.0.1:{self.port}/json/list", timeout=5).json()
            return next((t for t in targets if t.get("type") == "page"), None)

        target = wait_until(first_page, 20, "a page target in chromium")
        return Page(target["webSocketDebuggerUrl"])

    def stop(self) -> None:
        self.service.stop(grace=5)


class Page:
    """Commands to one tab; events that arrive meanwhile are ignored."""

    def __init__(self, ws_url: str):
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True, enable_multithread=False)
        self._ids = itertools.count(1)

    def send(self, method: str, **params):
        message_id = next(self._ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") != message_id:
                continue
            if "error" in message:
                raise RuntimeError(f"{method}: {message['error']}")
            return message.get("result", {})

    def evaluate(self, expression: str):
        """The JSON value of a JavaScript expression (promises awaited)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"JavaScript error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def navigate(self, url: str) -> None:
        self.send("Page.enable")
        self.send("Page.navigate", url=url)

    def viewport(self, width: int, height: int, scale: float = 1.0) -> None:
        """CSS size of the page and its device pixel ratio (a scale of 1.5 gives a sharper screenshot)."""
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=scale,
                  mobile=False)

    def set_cookies(self, cookies: dict[str, str], domain: str) -> None:
        self.send("Network.enable")
        for name, value in cookies.items():
            self.send("Network.setCookie", name=name, value=value, domain=domain, path="/")

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass
