"""``creneau serve``: the web app (FastAPI, loaded only by this command)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated

import typer

from creneau.interfaces.cli import formatters as out
from creneau.interfaces.cli.state import state
from creneau.paths import data_dir, database_path
from creneau.services import web_access


def running_from(start: datetime) -> Callable[[], datetime]:
    """A clock that reads ``start`` when the server starts and runs from there (``--now``
    for a server: a replay or a test starts at a known moment, and a work timer can still
    be stopped after it was started)."""
    origin = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - origin)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""

    @app.command("serve")
    def serve(
        ctx: typer.Context,
        host: Annotated[
            str,
            typer.Option(
                "--host",
                help="Address to listen on; another than 127.0.0.1 needs a password.",
            ),
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
        no_browser: Annotated[
            bool, typer.Option("--no-browser", help="Do not open the browser.")
        ] = False,
        set_password: Annotated[
            bool,
            typer.Option(
                "--set-password", help="Set the web password (asked twice, stored hashed)."
            ),
        ] = False,
    ) -> None:
        """Serve the web app (default http://127.0.0.1:8000/) and open it in the browser."""
        st = state(ctx)
        services = st.services()
        if set_password:
            password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
            web_access.set_password(services, password)
            out.console.print("Password set (stored hashed).")
            return
        settings = services.settings()
        web_access.check_bind(settings, host)
        from creneau.interfaces.web.server import run  # FastAPI is loaded for serve only

        clock = running_from(st.now()) if st.now_text else None
        run(
            services,
            host=host,
            port=port,
            open_browser=not no_browser,
            clock=clock,
            database=database_path(data_dir(st.data_dir)),
            language=st.language,
        )
