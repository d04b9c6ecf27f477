"""Overview pages: the timeline, casualty charts, agreements with their alleged breaches, provisions with
the allegations under each (work in progress)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import Route

from hisab.web.backend import Backend

if TYPE_CHECKING:
    from hisab.web.app import Settings


def overview_routes(backend: Backend, settings: Settings) -> list[Route]:
    """The routes of the overview pages."""
    return []
