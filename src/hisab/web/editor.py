"""The query editor at ``/sparql`` for a browser, and the saved queries' pages (work in progress)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hisab.web.backend import Backend

if TYPE_CHECKING:
    from hisab.web.app import Settings


def editor_routes(backend: Backend, settings: Settings) -> list[Route]:
    """The routes of the saved queries' pages."""
    return []


def wants_editor(request: Request) -> bool:
    """Whether a request to ``/sparql`` is a browser's, which gets the editor rather than results."""
    return False


async def editor_response(request: Request, backend: Backend, settings: Settings,
                          params: dict[str, list[str]]) -> Response:
    """The editor page (with the results of a query sent from its form without JavaScript)."""
    raise NotImplementedError
