"""A remote SPARQL 1.1 endpoint behind the same interface as the embedded store.

Queries go through SPARQLWrapper; loading goes through the SPARQL 1.1 Graph Store Protocol
(``--graph-store URL``: one HTTP POST of N-Triples per batch into each named graph) or, without a
graph store, through SPARQL 1.1 Update (``INSERT DATA`` per batch). After loading, the triple count
of every graph is read back: a load that the server acknowledged but did not keep is an error,
never reported as a success.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Identifier
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from hisab.errors import HisabError
from hisab.queries import inject_values, without_comments

Progress = Callable[[int, int], None]


@dataclass
class Credentials:
    """HTTP credentials for writing to an endpoint (digest or basic)."""

    user: str
    password: str


class RemoteStore:
    """A SPARQL 1.1 endpoint: query, update and (optionally) graph store URLs."""

    def __init__(self, endpoint: str, update: str | None = None, graph_store: str | None = None,
                 credentials: Credentials | None = None, timeout: float = 120, graph_param: str = "graph") -> None:
        self.endpoint = endpoint
        self.update = update or endpoint
        self.graph_store = graph_store
        self.credentials = credentials
        self.timeout = timeout
        self.graph_param = graph_param  # "graph" in SPARQL 1.1; Virtuoso's own name is "graph-uri"

    # --- reading --------------------------------------------------------------------------------
    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None,
              default_graphs: Iterable[str] = ()) -> Result:
        """Run a SELECT (or ASK) on the endpoint; values are bound by a VALUES block. With
        ``default_graphs``, the query's default graph is their merge (the protocol's default-graph-uri)."""
        if bindings:
            sparql = inject_values(sparql, {k: v for k, v in bindings.items()})
        body, content_type = self._request(sparql, JSON, default_graphs)
        try:
            return _result(_json_payload(self.endpoint, body, content_type))
        except HisabError as exc:
            if exc.message.startswith(self.endpoint):
                raise
            raise HisabError(f"{self.endpoint}: {exc.message}") from exc

    def graph_query(self, sparql: str) -> list[tuple[Identifier, Identifier, Identifier]]:
        """Run a CONSTRUCT or DESCRIBE on the endpoint; its triples."""
        body, content_type = self._request(sparql, TURTLE)
        try:
            triples = ox.parse(body, format=ox.RdfFormat.TURTLE, base_iri=self.endpoint)
            return [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in triples]
        except (SyntaxError, ValueError) as exc:
            raise HisabError(f"{self.endpoint}: the answer is not the RDF graph asked for "
                             f"({content_type or 'no content type'}: {_reason(exc)})") from exc

    def _request(self, sparql: str, return_format: str, default_graphs: Iterable[str] = ()) -> tuple[bytes, str]:
        wrapper = SPARQLWrapper(self.endpoint)
        for graph in default_graphs:
            wrapper.addDefaultGraph(_checked_iri(graph))
        wrapper.setTimeout(int(self.timeout))
        wrapper.setMethod(POST)
        # SPARQLWrapper guesses the query form from the text and strips only some comment lines
        # first: a word such as "addressee" or "delete" in a saved query's header would make it an
        # update or an ASK. Comment lines carry nothing the endpoint needs.
        wrapper.setQuery(without_comments(sparql))
        wrapper.setReturnFormat(return_format)
        try:
            response = wrapper.query().response
            return response.read(), response.headers.get("Content-Type", "")
        except (SPARQLWrapperException, urllib.error.URLError, OSError, ValueError) as exc:
            raise HisabError(f"{self.endpoint}: the query failed: {_reason(exc)}") from exc

    def count(self, name: str | None = None) -> int:
        """Triples in graph ``name``, or in all named graphs."""
        if name is None:
            query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{_checked_iri(name)}> {{ ?s ?p ?o }} }}"
        rows = list(self.query(query))
        return int(rows[0][0]) if rows else 0

    # --- writing --------------------------------------------------------------------------------
    def load(self, quads: Iterable[ox.Quad], batch_size: int = 2000, progress: Progress | None = None,
             replace: bool = True) -> dict[str, int]:
        """Load quads into their named graphs, in batches; return the triples per graph read back.

        Raises :class:`HisabError` if the server refuses a batch, drops the connection, or afterwards
        holds a different number of triples in a graph than were sent.
        """
        by_graph: dict[str, list[ox.Quad]] = {}
        for quad in quads:
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise HisabError("only named graphs can be loaded to an endpoint; "
                                 "the dataset has default-graph triples")
            by_graph.setdefault(quad.graph_name.value, []).append(quad)
        total = sum(len(q) for q in by_graph.values())
        done = 0
        for name, graph_quads in by_graph.items():
            if replace:
                self._update(f"DROP SILENT GRAPH <{_checked_iri(name)}>")
            for batch in _batches(graph_quads, batch_size):
                triples = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in batch],
                                       format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                if self.graph_store:
                    self._post_graph(name, triples)
                else:
                    self._update(f"INSERT DATA {{ GRAPH <{_checked_iri(name)}> {{\n{triples}\n}} }}")
                done += len(batch)
                if progress:
                    progress(done, total)
        kept = {name: self.count(name) for name in by_graph}
        wrong = {name: (len(q), kept[name]) for name, q in by_graph.items() if kept[name] != _distinct(q)}
        if wrong:
            details = "; ".join(f"{g}: sent {s}, kept {k}" for g, (s, k) in wrong.items())
            raise HisabError(f"{self.endpoint}: the server did not keep what was sent ({details})")
        return kept

    def _update(self, update: str) -> None:
        self._http(self.update, urllib.parse.urlencode({"update": update}).encode("utf-8"),
                   "application/x-www-form-urlencoded")

    def _post_graph(self, name: str, ntriples: str) -> None:
        separator = "&" if "?" in self.graph_store else "?"
        url = f"{self.graph_store}{separator}{urllib.parse.urlencode({self.graph_param: name})}"
        # N-Triples is Turtle: text/turtle is the one type every Graph Store implementation accepts
        self._http(url, ntriples.encode("utf-8"), "text/turtle")

    def _http(self, url: str, body: bytes, content_type: str) -> None:
        request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
        handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
        if self.credentials:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, url, self.credentials.user, self.credentials.password)
            handlers += [urllib.request.HTTPDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)]
        opener = urllib.request.build_opener(*handlers)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300].strip()
            raise HisabError(f"{url}: the server refused the request (HTTP {exc.code}): {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise HisabError(f"{url}: the connection failed or was dropped: {_reason(exc)}") from exc


class EndpointTarget:
    """A remote store as a target for the OWL RL rules and the compiled shapes (:mod:`hisab.reasoner`):
    SELECTs through its query endpoint, updates through its update endpoint."""

    def __init__(self, remote: RemoteStore) -> None:
        self.remote = remote

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update inside the remote store."""
        self.remote._update(text)

    def select(self, text: str) -> list[tuple[str | None, ...]]:
        """Run a SELECT; each value as a string (an IRI, a blank node's label, a literal's lexical form)."""
        return [tuple(None if term is None else str(term) for term in row) for row in self.remote.query(text)]

    def size(self, graph: str) -> int:
        """Triples in one named graph."""
        return self.remote.count(graph)


def _batches(quads: list[ox.Quad], size: int) -> Iterable[list[ox.Quad]]:
    """Batches of about ``size`` quads that never separate a blank node's triples from the triple that
    refers to it: each request to a server mints its own blank nodes, so a blank node cut in two
    would arrive as two unrelated nodes."""
    by_subject: dict[ox.BlankNode, list[ox.Quad]] = {}
    roots: list[ox.Quad] = []
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode):
            by_subject.setdefault(quad.subject, []).append(quad)
        else:
            roots.append(quad)
    referenced = {q.object for q in quads if isinstance(q.object, ox.BlankNode)}
    roots.extend(q for node, group in by_subject.items() if node not in referenced for q in group)

    def closure(quad: ox.Quad, seen: set) -> list[ox.Quad]:
        """The quad and everything its blank node object leads to (iteratively: nesting may be deep)."""
        unit = []
        pending = [quad]
        while pending:
            current = pending.pop()
            unit.append(current)
            node = current.object
            if isinstance(node, ox.BlankNode) and node not in seen:
                seen.add(node)
                pending.extend(reversed(by_subject.get(node, [])))
        return unit

    batch: list[ox.Quad] = []
    seen: set = set()
    for quad in roots:
        batch.extend(closure(quad, seen))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _distinct(quads: list[ox.Quad]) -> int:
    return len({(q.subject, q.predicate, q.object) for q in quads})


def _checked_iri(iri: str) -> str:
    if any(c in iri for c in '<>"{}|^`\\ \n'):
        raise HisabError(f"not a valid graph IRI: {iri!r}")
    return iri


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "reason", None) or exc).strip() or type(exc).__name__


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: Hisab talks only to the addresses the user named."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(
            req.full_url, code, f"the server redirects to {newurl}; Hisab only contacts the address you give "
            "(give that address instead if you trust it)", headers, fp)


def refuse_redirects() -> None:
    """Make this process's urllib (which SPARQLWrapper uses) refuse redirects."""
    urllib.request.install_opener(urllib.request.build_opener(_NoRedirect()))


def _json_payload(endpoint: str, body: bytes, content_type: str) -> dict:
    """The SPARQL JSON results in ``body``, or an error saying what the endpoint sent instead."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        start = body[:80].decode("utf-8", "replace").strip().replace("\n", " ")
        raise HisabError(f"{endpoint}: the answer is not SPARQL JSON results ({content_type or 'no content type'}, "
                         f"starting {start!r}); is this the endpoint's query URL?") from None
    ok = isinstance(payload, dict) and (
        isinstance(payload.get("boolean"), bool)
        or (isinstance(payload.get("head"), dict) and isinstance(payload["head"].get("vars", []), list)
            and isinstance(payload.get("results"), dict) and isinstance(payload["results"].get("bindings"), list)))
    if not ok:
        raise HisabError(f"{endpoint}: the answer is JSON but not SPARQL 1.1 query results (no head and results)")
    return payload


def _result(payload: dict) -> Result:
    """An rdflib SELECT/ASK result from SPARQL 1.1 JSON results."""
    if "boolean" in payload:
        result = Result("ASK")
        result.askAnswer = bool(payload["boolean"])
        return result
    result = Result("SELECT")
    variables = [Variable(str(v)) for v in payload["head"].get("vars", [])]
    result.vars = variables
    try:
        result.bindings = [{Variable(k): _term(v) for k, v in row.items()} for row in payload["results"]["bindings"]]
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise HisabError(f"malformed SPARQL JSON results: a binding is not a term ({_reason(exc)})") from exc
    return result


def _term(binding: dict) -> Identifier:
    kind, value = binding["type"], str(binding["value"])
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    if "xml:lang" in binding:
        return Literal(value, lang=str(binding["xml:lang"]))
    datatype = binding.get("datatype")  # the server's lexical form, as it gave it (rdflib would rewrite it)
    return Literal(value, datatype=URIRef(str(datatype)) if datatype else None, normalize=False)


def _from_ox(term) -> Identifier:
    from hisab.answer import from_ox

    return from_ox(term)


def load_dataset_file(path) -> list[ox.Quad]:
    """Quads of a built dataset file (TriG or N-Quads), checked against its manifest if it has one
    (see :func:`hisab.outputs.read_dataset`)."""
    from hisab.outputs import read_dataset

    return read_dataset(path)


__all__ = ["Credentials", "RemoteStore", "load_dataset_file"]
