"""A local HTTP server for tests that replays recorded answers (never a real service).

Each route is a path prefix and the recorded file it answers with (JSON); any other
path gets 404. Requests are recorded, so tests can check what the client asked.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data" / "places"


@dataclass
class Replay:
    """The running server: its base URL and the paths it was asked for."""

    url: str
    asked: list[str] = field(default_factory=list)


@contextmanager
def replay_server(routes: dict[str, str]) -> Iterator[Replay]:
    """Serve ``routes`` (path prefix → file name under ``tests/data/places``) on a free
    localhost port while the block runs."""
    bodies = {prefix: (DATA / name).read_bytes() for prefix, name in routes.items()}
    replay = Replay(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            replay.asked.append(self.path)
            body = next((b for p, b in bodies.items() if self.path.startswith(p)), None)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/json")
            payload = body if body is not None else b'{"code": "NoRoute"}'
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    replay.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()
