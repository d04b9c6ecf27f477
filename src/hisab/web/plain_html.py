"""A page in the site's frame around ready-made HTML (the dataset description, the endpoint's service
description): for pages whose body a module builds itself rather than through a template of its own."""

from __future__ import annotations

from markupsafe import Markup

from hisab.web import pages


def page(title: str, body: str, alternates: list[tuple[str, str]] | None = None) -> str:
    """A complete HTML document: ``body`` (trusted HTML, already escaped where needed) in the site's frame."""
    return pages.render("raw.html", title=title, alternates=alternates or [], body=Markup(body))
