"""Answer one SPARQL query from a user: read-only, local, bounded, streamed.

One job: take a query text someone else wrote (``hisab query``, and later the web endpoint) and
return its answer safely. The text is first checked by :mod:`hisab.query_policy` (no update, no
unlisted ``SERVICE``, no engine extension that reaches outside). It then runs in a child process
(:mod:`hisab.bounded`) under a time limit that really stops the work and a memory ceiling, on

- the embedded Oxigraph store (in memory, or a store folder opened read-only), through pyoxigraph
  directly so that results stream: a row limit stops the evaluation, not just the printing;
  ``FROM`` and ``FROM NAMED`` are honoured as SPARQL defines them, and without them the default graph
  is the union of all graphs;
- or a SPARQL 1.1 endpoint the user named, where redirects to other addresses are refused.

The answer is a :class:`Answer`: variables and rows (``SELECT``), a boolean (``ASK``) or triples
(``CONSTRUCT``, ``DESCRIBE``), as rdflib terms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from hisab.bounded import Limits, Send, run_bounded
from hisab.errors import HisabError
from hisab.query_policy import check_query
from hisab.sparql_text import Shape

_BATCH = 500


@dataclass
class Answer:
    """A query's answer: ``kind`` is ``select``, ``ask`` or ``graph``."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Identifier, Identifier, Identifier]] = field(default_factory=list)
    truncated: bool = False  # more rows or triples exist than the limit let through


@dataclass(frozen=True)
class Embedded:
    """The embedded store: an open pyoxigraph store (in memory), or a store folder to open read-only."""

    store: ox.Store | None = None
    path: Path | None = None


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 query endpoint."""

    url: str


def answer(target: Embedded | Endpoint, text: str, *, limits: Limits | None = None, limit: int | None = None,
           allow_service: Iterable[str] = (), origin: str = "the query") -> Answer:
    """Check ``text``, run it on ``target`` within ``limits`` and at most ``limit`` rows, and return the answer."""
    limits = limits or Limits()
    shape = check_query(text, allow_service=allow_service, origin=origin)
    if isinstance(target, Endpoint):
        def work(send: Send) -> None:
            _remote(target.url, text, shape, limits, limit, send)
    else:
        def work(send: Send) -> None:
            _embedded(target, text, shape, limit, send, origin)
    result = Answer(kind={"ASK": "ask", "SELECT": "select"}.get(shape.form or "", "graph"))
    terms = _Terms()
    for kind, payload in run_bounded(work, limits, what=origin):
        if kind == "vars":
            result.variables = payload
        elif kind == "rows":
            result.rows.extend(terms.rows(payload))
        elif kind == "triples":
            result.triples.extend(terms.rows(payload))
        elif kind == "boolean":
            result.boolean = payload
        elif kind == "more":
            result.truncated = True
    return result


# --- the embedded store (runs in the child) ---------------------------------------------------------
def _embedded(target: Embedded, text: str, shape: Shape, limit: int | None, send: Send, origin: str) -> None:
    if target.path is not None:
        try:
            store = ox.Store.read_only(str(target.path))
        except (OSError, RuntimeError) as exc:
            raise HisabError(f"{target.path}: cannot open the store read-only ({exc}); if it is damaged, "
                             "build it again (hisab --store DIR build)") from exc
    else:
        store = target.store if target.store is not None else ox.Store()
    dataset_given = bool(shape.from_graphs or shape.from_named_graphs)
    try:
        result = store.query(text, use_default_graph_as_union=not dataset_given)
    except SyntaxError as exc:
        raise HisabError(f"{origin} is not valid SPARQL: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        send(("boolean", bool(result)))
        return
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        send(("vars", variables))
        _stream(((_wire(solution[v]) for v in variables) for solution in result), "rows", limit, send, tuple)
        return
    _stream(((_wire(t.subject), _wire(t.predicate), _wire(t.object)) for t in result), "triples", limit, send, tuple)


# The child sends terms as plain tuples, and the parent makes rdflib terms of them once: rdflib terms
# pickle into constructor calls, so sending them would build each term twice, and a result's terms
# repeat (the same actor, label or document on many rows).
_Wire = tuple[str, str, str | None, str | None] | None


def _wire(term) -> _Wire:
    """A pyoxigraph term as a plain tuple: (kind, value, datatype, language), or None for unbound."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("u", term.value, None, None)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value, None, None)
    if isinstance(term, ox.Literal):
        if term.language:
            return ("l", term.value, None, term.language)
        datatype = term.datatype.value
        return ("l", term.value, None if datatype == str(XSD.string) else datatype, None)
    return ("l", str(term), None, None)  # an RDF-star triple term, shown as text


class _Terms:
    """rdflib terms for wire tuples, each distinct term made once per answer (up to a bound)."""

    _MOST = 200_000

    def __init__(self) -> None:
        self._made: dict[_Wire, Identifier] = {}

    def rows(self, batch: list[tuple[_Wire, ...]]) -> list[tuple[Identifier | None, ...]]:
        return [tuple(self.term(cell) for cell in row) for row in batch]

    def term(self, cell: _Wire | Identifier) -> Identifier | None:
        if not isinstance(cell, tuple):  # unbound, or already an rdflib term (a remote endpoint's answer)
            return cell
        made = self._made.get(cell)
        if made is None:
            kind, value, datatype, language = cell
            if kind == "u":
                made = URIRef(value)
            elif kind == "b":
                made = BNode(value)
            elif language:
                made = Literal(value, lang=language)
            else:
                made = Literal(value, datatype=URIRef(datatype) if datatype else None)
            if len(self._made) < self._MOST:
                self._made[cell] = made
        return made


def _stream(items, kind: str, limit: int | None, send: Send, make) -> None:
    batch = []
    for count, item in enumerate(items):
        if limit is not None and count >= limit:
            send(("more", True))
            break
        batch.append(make(item))
        if len(batch) >= _BATCH:
            send((kind, batch))
            batch = []
    if batch:
        send((kind, batch))


def from_ox(term) -> Identifier | None:
    """A pyoxigraph term as an rdflib term (None for unbound)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return Literal(str(term))  # an RDF-star triple term, shown as text


# --- a remote endpoint (runs in the child) ------------------------------------------------------------
def _remote(url: str, text: str, shape: Shape, limits: Limits, limit: int | None, send: Send) -> None:
    from hisab.remote import RemoteStore, refuse_redirects

    refuse_redirects()  # this process only: the endpoint may not send the query elsewhere
    remote = RemoteStore(url, timeout=limits.timeout or 600)
    if shape.form in ("CONSTRUCT", "DESCRIBE"):
        _stream(iter(remote.graph_query(text)), "triples", limit, send, tuple)
        return
    result = remote.query(text)
    if result.type == "ASK":
        send(("boolean", bool(result.askAnswer)))
        return
    variables = [str(v) for v in result.vars]
    send(("vars", variables))
    _stream(((row.get(v) for v in result.vars) for row in result.bindings), "rows", limit, send, tuple)
