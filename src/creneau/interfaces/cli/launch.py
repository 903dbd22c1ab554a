"""The ``creneau`` console script: the start-up with the garbage collector off, then the
command.

This module imports nothing at its top but the standard library, so that the start-up
covers the command line's own modules (Typer, Rich, the formatters) as well as the
command's and the database layer's.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def start_up() -> Iterator[None]:
    """Load modules with Python's cyclic garbage collector off, then freeze them.

    Loading the command line, one command's modules and the database layer creates some
    90,000 objects that live as long as the process (a few hundred cyclic ones among them
    are garbage, about 125 KiB, kept by the freeze: harmless for a command). With the
    collector on, it goes over them about 160 times during the start-up (0.05 to 0.09 s),
    and the interpreter's collections at exit go over them again while it tears the
    modules down (0.15 to 0.2 s): together a third of the run time of ``creneau report``
    (``bench/money.py``). :func:`gc.freeze` moves them to the permanent generation, which
    the collections of the command and of the exit skip (the end of the process frees
    their memory); the collector is on again for the command itself (``serve`` runs the
    web server for hours).
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def main() -> None:
    """Run the ``creneau`` command line of ``sys.argv`` (see
    :mod:`creneau.interfaces.cli.app`: exit codes, errors)."""
    with start_up():
        from creneau.interfaces.cli import app

        command_line = app.load(sys.argv[1:])
    app.run(command_line)
