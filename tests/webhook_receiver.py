"""A real HTTP receiver on 127.0.0.1 for webhook tests: records every POST, answers with a chosen status."""

import http.server
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "webhooks.md"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    port: int
    received: list[Received] = field(default_factory=list)
    status: int = 200
    # Called with the number of requests received before this one; returns the status to answer, or None to
    # drop the connection without answering.
    before_answer: Callable[[int], int | None] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def answered(self) -> list[Received]:
        """The requests answered with a 2xx status: the deliveries the receiver took."""
        with self.lock:
            return [item for item in self.received if item.headers["X-Answered"].startswith("2")]


def start_receiver() -> tuple[Receiver, http.server.ThreadingHTTPServer]:
    receiver = Receiver(port=0)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with receiver.lock:
                seen = len(receiver.received)
            status = receiver.before_answer(seen) if receiver.before_answer else receiver.status
            headers = dict(self.headers.items())
            headers["X-Answered"] = str(status) if status is not None else "none"
            with receiver.lock:
                receiver.received.append(Received(path=self.path, headers=headers, body=body))
            if status is None:
                self.close_connection = True
                return
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver, server


def documented_verify():
    """The verification snippet of docs/webhooks.md, executed as written there."""
    snippet = re.search(r"```python\n(.*?)```", DOCS.read_text(), re.S).group(1)
    namespace: dict = {}
    exec(snippet, namespace)
    return namespace["verify"]
