"""The query editor at ``/sparql`` for a browser, and the saved queries' pages.

One job: the HTML side of SPARQL. A browser that asks ``/sparql`` for HTML (it prefers HTML over
every SPARQL result type) gets the editor: a plain form that works without JavaScript — its query is
answered on the server and shown as a table, with errors as readable messages and the right status —
that ``static/editor.js`` replaces with YASGUI (bundled in ``static/vendor``, pointed at this server's
own endpoint, fetching nothing from elsewhere). The saved queries of ``queries/`` are its examples.

Routes:

- ``/queries``: every saved query, with its summary, tags and parameters;
- ``/queries/{name}``: one saved query: what it answers, its parameters, its text, links to run it
  through the API and to open it in the editor, and its first rows when it needs no parameter;
- ``/queries/{name}.rq``: its text (what the editor loads when an example is chosen).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from markupsafe import Markup
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, XSD
from rdflib.term import Identifier
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from hisab.answer import Answer
from hisab.errors import HisabError
from hisab.namespaces import PREFIXES, compact
from hisab.queries import SavedQuery, bind, load_catalogue
from hisab.sparql_text import analyse
from hisab.web import negotiation, sparql_protocol
from hisab.web.answering import answered
from hisab.web.backend import Backend
from hisab.web.openapi import parameter_default, query_formats
from hisab.web.pages import environment, html_response, render

if TYPE_CHECKING:
    from hisab.web.app import Settings

#: Rows (or triples) an HTML table shows; the rest of an answer is counted, not shown.
SHOWN_ROWS = 1000
#: Rows a saved query's page shows of its answer.
PREVIEW_ROWS = 20
#: The query the editor starts with when no saved query is at hand.
DEFAULT_QUERY = "SELECT ?s ?p ?o\nWHERE { ?s ?p ?o }\nLIMIT 10\n"
#: What the editor answers in rather than HTML: every SPARQL result type (a client that prefers one of
#: them, or accepts anything as much as HTML, gets results, not the editor).
RESULT_TYPES = tuple(dict.fromkeys((*sparql_protocol.SELECT_TYPES, *sparql_protocol.ASK_TYPES,
                                    *sparql_protocol.GRAPH_TYPES)))
_SAFE_IRI = re.compile(r'[^\s<>"{}|^`\\\x00-\x20]+')
_LABEL_BATCH = 200


def prefers_html(accept: str | None) -> bool:
    """Whether an Accept header prefers HTML over every SPARQL result type (ties go to the results)."""
    return negotiation.choose(accept, (*RESULT_TYPES, negotiation.HTML)) == negotiation.HTML


def wants_editor(request: Request) -> bool:
    """Whether a request to ``/sparql`` is a browser's, which gets the editor rather than results."""
    return prefers_html(request.headers.get("accept"))


# --- what the pages show --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    """One RDF term as a table shows it: its text, a link when it has somewhere to go, a note (language or
    datatype) and the full form on hover."""

    text: str
    href: str = ""
    title: str = ""
    note: str = ""
    kind: str = "literal"  # iri | literal | bnode | empty


@dataclass
class Table:
    """An answer as the pages show it."""

    kind: str  # select | ask | graph
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    boolean: bool | None = None
    count: int = 0  # rows (triples) in the answer
    truncated: bool = False  # the server's row cap cut the answer
    cap: int = 0

    @property
    def shown(self) -> int:
        """How many rows the table shows."""
        return len(self.rows)


@dataclass(frozen=True)
class ParamView:
    """A parameter of a saved query as its page lists it."""

    name: str
    variable: str
    kind: str
    required: bool  # written ?_name: the query means it to be bound
    default: str | None  # what the API binds when a request gives none

    @property
    def must_give(self) -> bool:
        """Whether a request must give it (required, without a default)."""
        return self.required and self.default is None


@dataclass(frozen=True)
class QueryView:
    """A saved query as the pages list it."""

    name: str
    summary: str
    description: str
    tags: list[str]
    params: list[ParamView]
    text: str
    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    pagination: int | None = None  # rows per page of the API's answer

    @property
    def required(self) -> list[ParamView]:
        """The parameters the query means to be bound (unbound variables when it runs as written)."""
        return [param for param in self.params if param.required]

    @property
    def needs(self) -> list[ParamView]:
        """The parameters a request must give (required, without a default)."""
        return [param for param in self.params if param.must_give]

    @property
    def page(self) -> str:
        """The query's page."""
        return f"/queries/{quote(self.name)}"

    @property
    def text_url(self) -> str:
        """The query's text, as ``application/sparql-query``."""
        return f"/queries/{quote(self.name)}.rq"

    @property
    def example_url(self) -> str:
        """The editor with this query loaded (not run)."""
        return "/sparql?" + urlencode({"example": self.name})

    @property
    def editor_url(self) -> str:
        """The editor with this query's text, as ``/sparql?query=…`` (run when JavaScript is off)."""
        return "/sparql?" + urlencode({"query": self.text})


def _view(query: SavedQuery) -> QueryView:
    params = [ParamView(p.name, p.variable, p.kind, p.required, parameter_default(query, p)) for p in query.params]
    return QueryView(query.name, query.summary, query.description, list(query.tags), params, query.text,
                     analyse(query.text).form or "SELECT", query.pagination)


@lru_cache(maxsize=8)
def _saved_queries(folder: Path | None) -> dict[str, SavedQuery]:
    """The saved queries of ``folder`` (read once per folder; the server's queries do not change)."""
    return load_catalogue(folder) if folder is not None else {}


@lru_cache(maxsize=8)
def _views(folder: Path | None) -> dict[str, QueryView]:
    return {name: _view(query) for name, query in _saved_queries(folder).items()}


def _catalogue_of(settings: Settings) -> dict[str, QueryView]:
    return _views(settings.queries_dir)


def _cell(term: Identifier | None, base: str, labels: dict[str, str]) -> Cell:
    if term is None:
        return Cell("", kind="empty")
    if isinstance(term, URIRef):
        iri = str(term)
        shown = compact(iri)
        if iri.startswith(base) and len(iri) > len(base):
            return Cell(labels.get(iri) or shown, href="/" + iri[len(base):], title=iri, kind="iri")
        if iri.startswith(("http://", "https://")):
            return Cell(shown if not shown.startswith("<") else iri, href=iri, title=iri, kind="iri")
        return Cell(iri, title=iri, kind="iri")  # urn:, mailto:, … and anything a link must not carry
    if isinstance(term, BNode):
        return Cell(f"_:{term}", kind="bnode")
    assert isinstance(term, Literal)
    if term.language:
        return Cell(str(term), note=f"@{term.language}")
    if term.datatype is not None and term.datatype != XSD.string:
        return Cell(str(term), note=compact(str(term.datatype)).strip("<>"), title=str(term.datatype))
    return Cell(str(term))


def _labels(backend: Backend, iris: Iterable[str]) -> dict[str, str]:
    """The ``rdfs:label`` of each IRI that has one (English or untagged first)."""
    wanted = sorted({iri for iri in iris if _SAFE_IRI.fullmatch(iri)})
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(wanted), _LABEL_BATCH):
        values = " ".join(f"<{iri}>" for iri in wanted[start:start + _LABEL_BATCH])
        try:
            rows = backend.select(f"SELECT ?s ?label WHERE {{ VALUES ?s {{ {values} }} ?s <{RDFS.label}> ?label }}")
        except Exception:  # labels are a nicety: a store that cannot give them leaves the IRIs' short forms
            return {}
        for row in rows:
            label = row.get("label")
            if not isinstance(label, Literal):
                continue
            rank = 0 if label.language in (None, "", "en") else 1
            key = str(row["s"])
            if key not in found or (rank, str(label)) < found[key]:
                found[key] = (rank, str(label))
    return {iri: label for iri, (_, label) in found.items()}


def table_of(result: Answer, backend: Backend, settings: Settings, shown: int = SHOWN_ROWS) -> Table:
    """An answer as a table: at most ``shown`` rows, IRIs of the graph with their labels and local links."""
    if result.kind == "ask":
        return Table("ask", boolean=bool(result.boolean), count=1)
    if result.kind == "graph":
        columns = ["subject", "predicate", "object"]
        rows: Sequence[Sequence[Identifier | None]] = result.triples
    else:
        columns = list(result.variables)
        rows = result.rows
    kept = rows[:shown]
    iris = {str(term) for row in kept for term in row
            if isinstance(term, URIRef) and str(term).startswith(settings.base)}
    labels = _labels(backend, iris) if iris else {}
    return Table(result.kind, columns, [[_cell(term, settings.base, labels) for term in row] for row in kept],
                 count=len(rows), truncated=result.truncated, cap=settings.max_rows)


@lru_cache(maxsize=1)
def _results_macro():
    """The macro that renders a :class:`Table` (shared by the editor and the saved queries' pages)."""
    return environment().from_string(_RESULTS_TEMPLATE).module.results


_RESULTS_TEMPLATE = """\
{% macro cell(c) -%}
{% if c.href %}<a href="{{ c.href }}" title="{{ c.title }}">{{ c.text }}</a>\
{% elif c.title %}<span title="{{ c.title }}">{{ c.text }}</span>{% else %}{{ c.text }}{% endif %}\
{% if c.note %} <span class="term-note">{{ c.note }}</span>{% endif %}
{%- endmacro %}
{% macro results(table, id, caption) -%}
{% if table.kind == "ask" %}
<p id="{{ id }}" class="ask-answer">The answer is <strong>{{ "yes" if table.boolean else "no" }}</strong>.</p>
{% else %}
<p class="result-count">
{% if table.kind == "graph" %}{{ table.count | thousands }} triple{{ "" if table.count == 1 else "s" }}\
{% else %}{{ table.count | thousands }} row{{ "" if table.count == 1 else "s" }}{% endif %}\
{% if table.truncated %} — <strong>cut at {{ table.cap | thousands }}, the server's row cap</strong>: there are more; \
narrow the query or page through it with LIMIT and OFFSET{% endif %}\
{% if table.shown < table.count %}; the first {{ table.shown | thousands }} are shown{% endif %}.</p>
{% if table.columns and table.count %}
<div class="table-scroll" tabindex="0" role="region" aria-label="{{ caption }}">
<table id="{{ id }}" class="results">
<caption class="visually-hidden">{{ caption }}</caption>
<thead><tr>{% for column in table.columns %}<th scope="col">{{ column }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in table.rows %}
<tr>{% for c in row %}<td class="term-{{ c.kind }}">{{ cell(c) }}</td>{% endfor %}</tr>
{% endfor %}
</tbody>
</table>
</div>
{% elif table.columns %}
<table id="{{ id }}" class="results">
<caption class="visually-hidden">{{ caption }}</caption>
<thead><tr>{% for column in table.columns %}<th scope="col">{{ column }}</th>{% endfor %}</tr></thead>
<tbody></tbody>
</table>
{% endif %}
{% endif %}
{%- endmacro %}
"""


def _json_block(value: object) -> Markup:
    """``value`` as JSON that is safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(value, ensure_ascii=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


# --- the editor -----------------------------------------------------------------------------------------
async def editor_response(request: Request, backend: Backend, settings: Settings,
                          params: dict[str, list[str]]) -> Response:
    """The editor page (with the results of a query sent from its form without JavaScript)."""
    catalogue = _catalogue_of(settings)
    examples = list(catalogue.values())
    query = ""
    note = ""
    status = 200
    error = ""
    table: Table | None = None
    example_name = (params.get("example") or [""])[0]
    content_type = request.headers.get("content-type", "")
    asked = bool(params.get("query") or params.get("update")) or (
        request.method == "POST" and content_type.split(";")[0].strip().lower() in (
            "application/sparql-query", "application/sparql-update"))
    if asked:
        try:
            query = sparql_protocol.query_text(request.method, content_type, params, await request.body())
        except sparql_protocol.ProtocolError as exc:
            status, error = exc.status, exc.message
            query = (params.get("query") or params.get("update") or [""])[0]
        else:
            result = await answered(backend, query, settings, failed_status=400)
            if isinstance(result, tuple):
                status, error = result
            else:
                table = await run_in_threadpool(table_of, result, backend, settings)
    elif example_name:
        chosen = catalogue.get(example_name)
        if chosen is None:
            status, error = 404, f"There is no saved query called {example_name!r}; the list below has them all."
        else:
            query = chosen.text
            note = _parameters_note(chosen)
    if not query and not error:  # the first saved query that runs as written
        first = next((q for q in examples if not q.required), None)
        query = first.text if first is not None else DEFAULT_QUERY
    config = {
        "endpoint": "/sparql",
        "base": settings.base,
        "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
        "query": query,
        "examples": [{"name": q.name, "summary": q.summary, "text": q.text_url,
                      "note": _parameters_note(q)} for q in examples],
    }
    title = "Query editor"
    if error:
        title = f"Query failed ({status}) — query editor"
    elif table is not None:
        title = "Query results — query editor"
    body = render("editor.html", title=title, current="/sparql", query=query, examples=examples, note=note,
                  error=error, status=status, table=table, settings=settings,
                  results=_results_macro(), config=_json_block(config))
    return html_response(body, status=status, headers={"Vary": "Accept"})


def _parameters_note(query: QueryView) -> str:
    """What must be done before running ``query`` as written: bind its required parameters."""
    if not query.required:
        return ""
    names = ", ".join(f"?{p.variable} ({p.name}, {p.kind}" + (f", the API's default {p.default})" if p.default else ")")
                      for p in query.required)
    return (f"{query.name} has required parameters: {names}. As written they are unbound variables; replace "
            f"them with values (or add a VALUES block) before running it, or run it through the API, which binds "
            f"them.")


# --- the saved queries' pages ---------------------------------------------------------------------------
def editor_routes(backend: Backend, settings: Settings) -> list[Route]:
    """The routes of the saved queries' pages."""

    async def list_page(request: Request) -> Response:
        catalogue = _catalogue_of(settings)
        body = render("queries.html", title="Saved queries", current="/queries", queries=list(catalogue.values()))
        return html_response(body)

    async def query_page(request: Request) -> Response:
        name = request.path_params["name"]
        catalogue = _catalogue_of(settings)
        if name.endswith(".rq") and name[:-3] in catalogue:
            return PlainTextResponse(catalogue[name[:-3]].text, media_type="application/sparql-query",
                                     headers={"Content-Disposition": f'inline; filename="{name}"'})
        query = catalogue.get(name)
        if query is None:
            body = render("query.html", title="No such saved query", current="/queries", query=None, name=name,
                          queries=list(catalogue.values()))
            return html_response(body, status=404)
        preview: Table | None = None
        problem = ""
        if query.needs:
            problem = "This query needs parameters, so it is not run here: give them through the API."
        else:
            try:
                text, _ = await run_in_threadpool(bind, _saved_queries(settings.queries_dir)[name], {})
            except HisabError as exc:
                problem = exc.message
            else:
                result = await answered(backend, text, settings, failed_status=500)
                if isinstance(result, tuple):
                    problem = f"The query could not be run now ({result[0]}): {result[1]}"
                else:
                    preview = await run_in_threadpool(table_of, result, backend, settings, PREVIEW_ROWS)
        body = render("query.html", title=f"Saved query {name}", current="/queries", query=query, name=name,
                      preview=preview, problem=problem, api=_api_links(query), results=_results_macro(),
                      settings=settings)
        return html_response(body)

    return [
        Route("/queries", list_page, methods=["GET"]),
        Route("/queries/{name}", query_page, methods=["GET"]),
    ]


def _api_links(query: QueryView) -> list[tuple[str, str]]:
    """(label, URL) of the query's answer through the API, in each format it offers."""
    formats = query_formats(query.form)
    base = f"/api/queries/{quote(query.name)}"
    placeholders = [(p.name, "…") for p in query.needs]
    links = []
    for fmt, media in formats.items():
        if fmt == "sparql-json":
            continue
        pairs = [*placeholders, *([("format", fmt)] if all(p.name != "format" for p in query.params) else [])]
        url = base + ("?" + "&".join(f"{k}={v}" for k, v in pairs) if pairs else "")
        links.append((f"{fmt.upper()} ({media})", url))
    return links
