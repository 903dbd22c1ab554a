"""Refresh the web app's catalogues: extract every message of its modules and templates,
merge them into each language's ``messages.po`` and compile the ``messages.mo`` files.

Run after changing a text of the web app: ``python scripts/web_messages.py``; then
translate the new French messages in ``locales/fr/LC_MESSAGES/messages.po`` and run it
again. English messages are their own ids (filled in here). The .mo files are committed,
so that an installed wheel has them (``tests/web/test_i18n.py`` checks they are current).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

WEB = Path(__file__).resolve().parents[1] / "src" / "creneau" / "interfaces" / "web"
LOCALES = WEB / "locales"
POT = LOCALES / "messages.pot"


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def fill_english(po: Path) -> None:
    """English messages are their ids."""
    with po.open("rb") as f:
        catalog = read_po(f, locale="en")
    for message in catalog:
        if isinstance(message.id, tuple | list):
            if not all(message.string):
                message.string = tuple(message.id)
        elif message.id and not message.string:
            message.string = message.id
    with po.open("wb") as f:
        write_po(f, catalog, omit_header=False, width=100, no_location=True)


def main() -> None:
    pybabel(
        "extract",
        "-F",
        str(WEB / "babel.cfg"),
        "-k",
        "N_",
        "-k",
        "gettext:2",
        "--no-location",
        "--sort-output",
        "--project",
        "creneau",
        "-o",
        str(POT),
        str(WEB),
    )
    for language in ("fr", "en"):
        po = LOCALES / language / "LC_MESSAGES" / "messages.po"
        if po.exists():
            pybabel(
                "update",
                "-i",
                str(POT),
                "-d",
                str(LOCALES),
                "-l",
                language,
                "-N",
                "--ignore-obsolete",
                "-w",
                "100",
            )
        else:
            pybabel("init", "-i", str(POT), "-d", str(LOCALES), "-l", language, "-w", "100")
        if language == "en":
            fill_english(po)
    pybabel("compile", "-d", str(LOCALES), "--statistics")


if __name__ == "__main__":
    main()
