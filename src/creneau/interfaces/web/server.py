"""``creneau serve``: the web app under uvicorn, on this computer's address by default.

Serving on another address (her phone on the home network) needs a web password: the
refusal is :func:`check_bind`. TLS is left to a reverse proxy (see the README).
"""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import uvicorn

from creneau.interfaces.web.app import create_app
from creneau.services.context import ServiceContext


def run(
    services: ServiceContext,
    *,
    host: str,
    port: int,
    open_browser: bool,
    clock: Callable[[], datetime] | None = None,
    database: Path | None = None,
    language: str | None = None,
) -> None:
    """Serve the web app until interrupted (Ctrl-C).

    Args:
        services: the service context.
        host, port: the address to bind (checked by the caller, see
            :func:`creneau.services.web_access.check_bind`).
        open_browser: open the app in her browser once the server listens.
        clock: "now" (``--now``), or None for the computer's clock.
        database: the SQLite file (changes by the CLI are seen at once).
        language: ``--lang``, or None.
    """
    app = create_app(services, clock=clock, database=database, language=language)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown if ':' not in shown else f'[{shown}]'}:{port}/"
    if open_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    print(f"Créneau: {url}  (Ctrl-C to stop)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
