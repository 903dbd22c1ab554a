"""``creneau serve``: the web app under uvicorn, on this computer's address by default.

Serving on another address (her phone on the home network) needs a web password: the
refusal is :func:`check_bind`. TLS is left to a reverse proxy (see the README).
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import webbrowser
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import uvicorn

from creneau.interfaces.web.app import create_app
from creneau.interfaces.web.planner import ServiceChild, child_planner, child_reader
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
    """Serve the web app until interrupted (Ctrl-C). Prints the address to open on this
    computer and, listening on every address (``0.0.0.0``, ``::``), those to type on her
    phone (:func:`lan_addresses`); the app answers only to those names (and
    ``web.allowed_hosts``).

    Args:
        services: the service context.
        host, port: the address to bind (checked by the caller, see
            :func:`creneau.services.web_access.check_bind`).
        open_browser: open the app in her browser once the server listens.
        clock: "now" (``--now``), or None for the computer's clock.
        database: the SQLite file (changes by the CLI are seen at once).
        language: ``--lang``, or None.
    """
    everywhere = host in WILDCARDS
    network = lan_addresses() if everywhere else [host]
    names = [socket.gethostname(), f"{socket.gethostname()}.local"] if everywhere else []
    # plans and long reads in child processes (the pages never wait behind them), when
    # the children can open the same database
    children: list[ServiceChild] = []
    if database is not None:
        overrides = services.setting_overrides
        children = [
            ServiceChild(database.parent, overrides, name="creneau-planner"),
            ServiceChild(database.parent, overrides, name="creneau-reader"),
        ]
    app = create_app(
        services,
        clock=clock,
        database=database,
        language=language,
        hosts=[*(_bracketed(a) for a in network), *names],
        planner=child_planner(children[0]) if children else None,
        reader=child_reader(children[1]) if children else None,
    )
    local, *others = urls(host, port, network)
    if open_browser:
        threading.Timer(1.0, lambda: webbrowser.open(local)).start()
    print(f"Créneau: {local}  (Ctrl-C to stop)", flush=True)
    for url in others:
        print(f"  on your network (phone): {url}", flush=True)
    # a page's thread gets the interpreter back within 1 ms (5 by default) when another
    # thread is busy (a long list just read, a new plan received): pages answer sooner
    sys.setswitchinterval(0.001)
    for child in children:
        child.start()
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        for child in children:
            child.close()


WILDCARDS = ("0.0.0.0", "::", "")
"""Bind addresses meaning "every address of this computer"."""


def _bracketed(address: str) -> str:
    """An address as written in a URL or a ``Host`` header (IPv6 in brackets)."""
    return f"[{address}]" if ":" in address and not address.startswith("[") else address


def urls(host: str, port: int, network: list[str]) -> list[str]:
    """The addresses to type in a browser: this computer's own first, then (when the
    server listens on every address, or on one of the network's) those her phone can
    reach on the home network.

    Args:
        host: the bind address (``--host``).
        port: the port.
        network: this computer's network addresses (:func:`lan_addresses`), or ``[host]``.
    """
    local = "127.0.0.1" if host in WILDCARDS else host
    shown = [f"http://{_bracketed(local)}:{port}/"]
    for address in network:
        url = f"http://{_bracketed(address)}:{port}/"
        if url not in shown:
            shown.append(url)
    return shown


def lan_addresses() -> list[str]:
    """This computer's addresses on its networks (not loopback, not link-local): those
    of its host name, and the one its default route goes out by (a UDP socket that is
    connected but sends nothing). Empty when none is found."""
    found: list[str] = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, type=socket.SOCK_STREAM):
            found.append(str(info[4][0]))
    except OSError:
        pass
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))  # documentation addresses (RFC 5737, 3849)
                found.append(str(sock.getsockname()[0]))
        except OSError:
            pass
    result: list[str] = []
    for text in found:
        try:
            address = ipaddress.ip_address(text.split("%")[0])
        except ValueError:
            continue
        if address.is_loopback or address.is_link_local or address.is_unspecified:
            continue
        if str(address) not in result:
            result.append(str(address))
    return result
