"""Page rendering: one Jinja2 environment per language (autoescape on, gettext installed).

Autoescaping is on for every template, so that a client or job named
``<script>alert(1)</script>`` shows as text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import escape

from creneau.interfaces.web.colours import colour_class
from creneau.interfaces.web.i18n import (
    DEFAULT_LANGUAGE,
    FILTER_NAMES,
    LANGUAGES,
    STATUS_NAMES,
    Formats,
    translations,
)
from creneau.interfaces.web.security import csrf_token, logged_in
from creneau.interfaces.web.state import WebState
from creneau.services.context import ServiceContext
from creneau.services.web_access import has_password

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment(language: str) -> Environment:
    """The Jinja2 environment of ``language`` (templates compiled once per language)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates are package files: no stat of each on every page
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(status_names=STATUS_NAMES, filter_names=FILTER_NAMES)
    env.filters["colour_class"] = colour_class
    return env


def web(request: Request) -> WebState:
    """The app's shared state."""
    state: WebState = request.app.state.web
    return state


def language(request: Request) -> str:
    """The page language: ``--lang``, else the page's switch, else the stored setting."""
    state = web(request)
    if state.fixed_language:
        return state.fixed_language
    chosen = request.session.get("lang")
    if chosen in LANGUAGES:
        return str(chosen)
    stored = state.settings().language
    return stored if stored in LANGUAGES else DEFAULT_LANGUAGE


def services(request: Request) -> ServiceContext:
    """The service context whose messages are in the page language."""
    return web(request).in_language(language(request))


def formats(request: Request) -> Formats:
    """Babel formats for the page language and her zone."""
    return Formats(language(request), web(request).settings().tz)


def gettext(request: Request, message: str) -> str:
    """``message`` in the page language."""
    return translations(language(request)).gettext(message)


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """Render a page template with the common values (language, formats, CSRF token...).

    Args:
        request: the request.
        template: the template file name (under ``templates/``).
        status_code: the HTTP status.
        values: the template's own values.
    """
    lang = language(request)
    state = web(request)
    page = environment(lang).get_template(template)
    html = page.render(
        request=request,
        lang=lang,
        other_lang="en" if lang == "fr" else "fr",
        fmt=Formats(lang, state.settings().tz),
        csrf_token=csrf_token(request),
        path=request.url.path,
        show_logout=has_password(state.settings()) and logged_in(request),
        can_switch=not state.fixed_language,  # --lang fixes the language
        updating=state.updating(),
        **values,
    )
    return HTMLResponse(html, status_code=status_code)


def see_other(url: str) -> RedirectResponse:
    """The redirect after a form post (POST/redirect/GET)."""
    return RedirectResponse(url, status_code=303)


def with_selected(options: str, value: str | None) -> str:
    """``options`` (``<option value="…">`` elements, values escaped) with the one of
    ``value`` marked ``selected`` (none when ``value`` is None, empty or not there)."""
    if not value:
        return options
    chosen = f'<option value="{escape(value)}">'
    return options.replace(chosen, chosen[:-1] + " selected>", 1)
