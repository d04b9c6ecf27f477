"""Write triples for a client: in the negotiated RDF syntax, with the server's own address in place of
the canonical base when the server is reached locally.

One job: serialisation. The store holds canonical IRIs (``https://w3id.org/hisab/…``); a server
reached on 127.0.0.1 rewrites every IRI under the base to its own origin, so a client that follows
a link stays on the server it asked.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Identifier

from hisab.namespaces import PREFIXES

Triple = tuple[Identifier, Identifier, Identifier]

_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
}
CONTEXT_PATH = "/context.jsonld"


LOOPBACK = ("127.", "localhost", "[::1]", "::1")  # hosts a server answers on only for this machine


class Rebase:
    """Maps IRIs under ``base`` to ``origin`` + the rest (and back); the identity when they are equal."""

    def __init__(self, base: str, origin: str) -> None:
        self.base = base
        self.local = origin.rstrip("/") + "/"
        self.active = bool(base) and self.local != base

    @classmethod
    def serving(cls, base: str, origin: str) -> Rebase:
        """How a server at ``origin`` shows IRIs under ``base``: on a loopback address, as its own URLs (a
        local server can be browsed); anywhere else, as the canonical IRIs."""
        host = origin.split("://", 1)[-1]
        return cls(base, origin if host.startswith(LOOPBACK) else base.rstrip("/"))

    @classmethod
    def none(cls) -> Rebase:
        """The identity: IRIs are served as they are (query answers, dumps)."""
        return cls("", "")

    def iri(self, iri: str) -> str:
        """The served form of a canonical IRI."""
        return self.local + iri[len(self.base):] if self.active and iri.startswith(self.base) else iri

    def canonical(self, iri: str) -> str:
        """The canonical form of a served IRI."""
        return self.base + iri[len(self.local):] if self.active and iri.startswith(self.local) else iri

    def term(self, term: Identifier) -> Identifier:
        """A term with its IRI rebased."""
        return URIRef(self.iri(str(term))) if isinstance(term, URIRef) else term

    def prefixes(self) -> dict[str, str]:
        """The project's prefixes, rebased."""
        return {prefix: self.iri(str(namespace)) for prefix, namespace in PREFIXES.items()}


def context(rebase: Rebase) -> dict:
    """The JSON-LD context published at ``/context.jsonld``: the project's prefixes."""
    return {"@context": rebase.prefixes()}


def serialize(triples: Iterable[Triple], media: str, rebase: Rebase, graph_name: str | None = None) -> bytes:
    """``triples`` in the syntax ``media`` (one of the RDF media types), rebased."""
    fmt = _FORMATS[media]
    if fmt == "trig":
        dataset = Dataset()
        target = dataset.graph(URIRef(rebase.iri(graph_name)) if graph_name else BNode())
        graph: Graph = target
    else:
        graph = Graph()
    for prefix, namespace in rebase.prefixes().items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for s, p, o in triples:
        graph.add((rebase.term(s), rebase.term(p), rebase.term(o) if not isinstance(o, Literal) else o))
    if fmt == "trig":
        for prefix, namespace in rebase.prefixes().items():
            dataset.bind(prefix, namespace, override=True, replace=True)
        return dataset.serialize(format="trig", encoding="utf-8")
    if fmt == "json-ld":
        return graph.serialize(format="json-ld", context=rebase.prefixes(), auto_compact=True,
                               encoding="utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")
