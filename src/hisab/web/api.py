"""The saved-queries API of ``hisab serve``: the catalogue of ``queries/`` as a web API, grlc-style.

Routes:

- ``/api/queries``: the catalogue (JSON): each query's name, summary, description, tags, parameters
  (name, type, whether a request must give it, default, the values the data holds when the header
  enumerates them), page size (``pagination``, null when the answer comes whole) and URL;
- ``/api/queries/{name}?param=value…``: the query's answer, as JSON rows, CSV or SPARQL 1.1 JSON
  results, negotiated on ``Accept`` or chosen with ``?format=json|csv|sparql-json``. Parameters go by
  their short name (``actor=actor:russian-forces``) and are checked and bound exactly as by
  ``hisab query`` (:func:`hisab.queries.bind`); an unknown parameter or a bad value is a 400 whose
  message names the parameter and what it must be. A query whose header declares ``pagination: N``
  answers in pages of N rows, ``?page=1`` (the default), ``?page=2`` …, in the answer's order; a
  ``Link`` header (RFC 8288) gives the ``first``, ``prev`` and ``next`` pages, and no ``next`` on the last;
- ``/api/openapi.json``: the OpenAPI 3 description (:mod:`hisab.web.openapi`).

Errors are JSON: ``{"error": message}``. The catalogue is read once, when the application is made.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hisab.bounded import Limits
from hisab.errors import HisabError
from hisab.paging import Page, link_header, page_number, paged_text, split
from hisab.queries import SavedQuery, bind, load_catalogue
from hisab.results import Rows, as_ask, as_delimited, as_graph, as_json, as_sparql_json
from hisab.sparql_text import analyse
from hisab.web import negotiation
from hisab.web.answering import answered, cut_headers
from hisab.web.backend import Backend
from hisab.web.openapi import (
    enumeration_queries,
    openapi_document,
    parameter_listing,
    query_formats,
    uses_format_parameter,
)

if TYPE_CHECKING:
    from hisab.web.app import Settings

#: An enumeration with more values than this is left out of the description (it would not help).
MAX_ENUMERATED = 500


def api_routes(backend: Backend, settings: Settings) -> list[Route]:
    """The routes of the saved-queries API over ``backend``, with the catalogue of ``settings.queries_dir``."""
    catalogue = load_catalogue(settings.queries_dir) if settings.queries_dir is not None else {}
    forms = {name: analyse(query.text).form or "SELECT" for name, query in catalogue.items()}
    enumerations = _Enumerations(backend, settings, catalogue)

    async def list_queries(request: Request) -> Response:
        values = await run_in_threadpool(enumerations.values)
        origin = _origin(request)
        return JSONResponse([{
            "name": name, "summary": query.summary, "description": query.description, "tags": list(query.tags),
            "parameters": parameter_listing(query, values.get(name, {})), "pagination": query.pagination,
            "url": f"{origin}/api/queries/{name}",
        } for name, query in catalogue.items()])

    async def run_saved(request: Request) -> Response:
        name = request.path_params["name"]
        query = catalogue.get(name)
        if query is None:
            return _error(404, f"no saved query {name!r}; /api/queries lists them")
        formats = query_formats(forms[name])
        values: dict[str, str] = {}
        given: set[str] = set()
        chosen: str | None = None
        number: int | None = None
        try:
            for key, value in request.query_params.multi_items():
                if key == "format" and uses_format_parameter(query):
                    if chosen is not None:
                        raise HisabError("parameter format is given more than once")
                    chosen = value
                    continue
                if key == "page" and query.pagination is not None:
                    if number is not None:
                        raise HisabError("parameter page is given more than once")
                    number = page_number(value)
                    continue
                param = query.param(key)
                if param.variable in given:
                    raise HisabError(f"parameter {param.name} is given more than once")
                given.add(param.variable)
                values[key] = value
            text, _ = await run_in_threadpool(bind, query, values)
            page = None
            if query.pagination is not None:
                # the page and one row more fit under the row cap, so that the cap never cuts a page
                page = Page(number or 1, max(1, min(query.pagination, settings.max_rows - 1)))
                text = paged_text(text, page)
        except HisabError as exc:
            return _error(400, exc.message)
        if chosen is not None:
            if chosen not in formats:
                shown = chosen if len(chosen) <= 60 else chosen[:60] + "…"
                return _error(400, f"parameter format must be one of {', '.join(formats)}, not {shown!r}")
            fmt = chosen
        else:
            fmt = _negotiate(request.headers.get("accept"), formats)
            if fmt is None:
                return _error(406, "none of the formats offered is acceptable: " + ", ".join(formats.values()))
        # a saved query that fails is the server's fault, not the request's
        result = await answered(backend, text, settings, failed_status=500, failure=f"query {name} failed: ")
        if isinstance(result, tuple):
            return _error(*result)
        link = None
        if page is not None and result.kind == "select":
            rows, more = split(result.rows, page)
            result = replace(result, rows=rows)  # a copy: the answer the backend keeps is not changed
            link = link_header(lambda n: str(request.url.include_query_params(page=n)), page, more)
        headers = cut_headers(result, settings)
        if link is not None:
            headers["Link"] = link
        body = await run_in_threadpool(_render, result, fmt)
        media = formats[fmt]
        return Response(body, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""),
                        headers=headers)

    async def openapi(request: Request) -> Response:
        values = await run_in_threadpool(enumerations.values)
        document = await run_in_threadpool(openapi_document, catalogue, _origin(request), values)
        return JSONResponse(document)

    return [
        Route("/api/queries", list_queries, methods=["GET"]),
        Route("/api/queries/{name}", run_saved, methods=["GET"]),
        Route("/api/openapi.json", openapi, methods=["GET"]),
    ]


def _negotiate(accept: str | None, formats: Mapping[str, str]) -> str | None:
    """The format (a key of ``formats``) the Accept header prefers, or None if it accepts none.

    :mod:`hisab.web.negotiation` reads ``application/json`` as JSON-LD (for descriptions); a saved
    query's JSON rows are what such a client wants, so JSON-LD is offered last and stands for them.
    """
    by_media = {media: fmt for fmt, media in formats.items()}
    offered = list(by_media)
    if "application/json" in by_media and "application/ld+json" not in by_media:
        by_media["application/ld+json"] = by_media["application/json"]
        offered.append("application/ld+json")
    media = negotiation.choose(accept, tuple(offered))
    return by_media[media] if media is not None else None


def _render(result, fmt: str) -> str:
    if result.kind == "graph":
        return as_graph(result.triples, fmt)
    if result.kind == "ask":
        return as_ask(bool(result.boolean), fmt)
    rows = Rows(result.variables, result.rows)
    if fmt == "csv":
        return as_delimited(rows, ",")
    return as_json(rows) if fmt == "json" else as_sparql_json(rows)


class _Enumerations:
    """The values the data holds for the parameters the headers enumerate, found once, when first asked for."""

    def __init__(self, backend: Backend, settings: Settings, catalogue: Mapping[str, SavedQuery]) -> None:
        self._backend = backend
        self._limits = Limits(timeout=settings.query_timeout, memory=settings.memory_limit)
        self._catalogue = catalogue
        self._lock = threading.Lock()
        self._found: dict[str, dict[str, list[str]]] | None = None
        self._cache: dict[str, list[str]] = {}

    def values(self) -> dict[str, dict[str, list[str]]]:
        """By query and parameter name, the IRIs found (parameters with none, or too many, are left out)."""
        with self._lock:
            if self._found is None:
                self._found = self._find()
            return self._found

    def _find(self) -> dict[str, dict[str, list[str]]]:
        found: dict[str, dict[str, list[str]]] = {}
        for name, query in self._catalogue.items():
            for entry in query.enumerate:
                try:
                    param = query.param(entry)
                except HisabError:
                    continue  # the header enumerates a parameter the query does not have
                if param.kind != "iri":
                    continue
                groups = [self._run(text) for text in enumeration_queries(query, param, MAX_ENUMERATED + 1)]
                values = _agreed([group for group in groups if group])
                if 0 < len(values) <= MAX_ENUMERATED:
                    found.setdefault(name, {})[param.name] = values
        return found

    def _run(self, text: str) -> list[str]:
        """The values one enumeration query finds; none if it fails or finds too many to say anything."""
        if text not in self._cache:
            try:
                result = self._backend.answer(text, self._limits, MAX_ENUMERATED + 1)
            except HisabError:
                result = None
            ok = result is not None and not result.truncated and len(result.rows) <= MAX_ENUMERATED
            self._cache[text] = [str(row[0]) for row in result.rows if row and row[0] is not None] if ok else []
        return self._cache[text]


def _agreed(groups: list[list[str]]) -> list[str]:
    """The values of several groups of patterns, in the namespaces (``…/id/actor/``) two groups or more agree on.

    A pattern as general as ``?description hisab:describes ?actor`` finds every kind of thing described;
    the kinds another group of the same query finds too are the ones the parameter is about.
    """
    def namespace(iri: str) -> str:
        return iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]

    values = sorted({value for group in groups for value in group})
    if len(groups) < 2:
        return values
    counts: dict[str, int] = {}
    for group in groups:
        for space in {namespace(value) for value in group}:
            counts[space] = counts.get(space, 0) + 1
    agreed = {space for space, count in counts.items() if count > 1}
    return [value for value in values if namespace(value) in agreed] or values


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def _error(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status_code=status)

