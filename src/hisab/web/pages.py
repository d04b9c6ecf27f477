"""The HTML side of the server: Jinja2 templates, the site's frame, and the helpers every page uses.

One job: turn a page's view (plain Python values) into a complete HTML document in the site's frame —
header with the site navigation and the search box, the page, a footer with the page's RDF alternates.
Pages work without JavaScript and fetch nothing from elsewhere: styles, scripts and fonts come from
the package's ``static/`` folder, served at ``/static/``.

Templates live in ``templates/``; each page template extends ``base.html``. What a page shows is
computed by the module of that page (``entity_pages``, ``overview``, ``editor``, ``search``); this
module only renders.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.responses import HTMLResponse

STATIC_DIR = Path(__file__).parent / "static"

#: The site's navigation: (path, label).
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("/timeline", "Timeline"),
    ("/casualties", "Casualties"),
    ("/agreements", "Agreements"),
    ("/provisions", "Provisions"),
    ("/documents", "Sources"),
    ("/queries", "Saved queries"),
    ("/sparql", "Query editor"),
)


@dataclass(frozen=True)
class Link:
    """A link to a thing: where it goes and what it is called."""

    href: str
    label: str
    title: str = ""  # the full IRI or a longer name, shown on hover

    def __html__(self) -> str:
        title = f' title="{_attr(self.title)}"' if self.title else ""
        return f'<a href="{_attr(self.href)}"{title}>{Markup.escape(self.label)}</a>'


def _attr(value: str) -> str:
    return str(Markup.escape(value))


@cache
def environment() -> Environment:
    """The templates, loaded once."""
    env = Environment(
        loader=PackageLoader("hisab.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = static_url
    env.globals["navigation"] = NAVIGATION
    env.filters["thousands"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    return env


@cache
def _static_version(name: str) -> str:
    path = STATIC_DIR / name
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "missing"


def static_url(name: str) -> str:
    """The URL of a bundled static file, with a version so that browsers may keep it for long."""
    return f"/static/{name}?v={_static_version(name)}"


def render(template: str, *, title: str, alternates: Iterable[tuple[str, str]] = (), current: str = "",
           **view: Any) -> str:
    """The complete page ``template`` with ``view``; ``current`` is the navigation path to mark as current."""
    return environment().get_template(template).render(title=title, alternates=list(alternates),
                                                       current=current, **view)


def html_response(body: str, status: int = 200, headers: Mapping[str, str] | None = None) -> HTMLResponse:
    """An HTML response."""
    return HTMLResponse(body, status_code=status, headers=dict(headers or {}))
