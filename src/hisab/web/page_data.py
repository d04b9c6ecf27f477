"""What the pages read from the store: labels, kinds, claims with their evidence, saved queries' rows.

One job: the server's own, trusted SELECT queries behind the HTML pages, through
:meth:`hisab.web.backend.Backend.select`, so the pages read the embedded store and a remote endpoint
alike. The store does not change while the server runs, so what is read is kept (bounded caches).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from hisab.namespaces import HISAB
from hisab.queries import SavedQuery, bind, load_catalogue, sparql_term
from hisab.web.backend import Backend
from hisab.web.evidence_text import SourceRecord

PREFIXES = """PREFIX hisab: <https://w3id.org/hisab/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
_CHUNK = 400  # IRIs per VALUES block

#: The kinds a page is made for, most specific first.
PAGE_KINDS = ("Incident", "Claim", "SourceDocument", "Agreement", "Provision", "LegalInstrument", "Actor", "Place")


@dataclass
class Node:
    """A resource's own triples: its types and, per property, its values."""

    iri: URIRef
    props: dict[URIRef, list[Identifier]] = field(default_factory=lambda: defaultdict(list))

    def get(self, prop: URIRef) -> list[Identifier]:
        """The values of ``prop``."""
        return self.props.get(prop, [])

    def first(self, prop: URIRef) -> Identifier | None:
        """One value of ``prop`` (the least, for a stable page), or None."""
        values = self.get(prop)
        return min(values, key=str) if values else None


@dataclass(frozen=True)
class Span:
    """An evidence span's pointer."""

    iri: URIRef
    document: URIRef
    start: int
    end: int


class PageData:
    """The pages' reads of the store, kept for the server's lifetime."""

    def __init__(self, backend: Backend, queries_dir: Path | None) -> None:
        self.backend = backend
        self.catalogue: dict[str, SavedQuery] = load_catalogue(queries_dir) if queries_dir is not None else {}
        self._lock = threading.Lock()
        self._labels: dict[Identifier, str] = {}
        self._documents: dict[str, SourceRecord] | None = None
        self.kinds = lru_cache(maxsize=50_000)(self._kinds)
        self.saved = lru_cache(maxsize=4096)(self._saved)

    def select(self, query: str) -> list[dict[str, Identifier]]:
        """The rows of a query written without prefixes."""
        return self.backend.select(PREFIXES + query)

    # --- labels -----------------------------------------------------------------------------------
    def labels(self, terms: Iterable[Identifier]) -> dict[Identifier, str]:
        """The label of each IRI that has one (rdfs:label or skos:prefLabel; English first)."""
        wanted = {t for t in terms if isinstance(t, URIRef)}
        with self._lock:
            missing = [t for t in wanted if t not in self._labels]
        for chunk in _chunks(sorted(missing), _CHUNK):
            found: dict[Identifier, tuple[int, str]] = {}
            rows = self.select("SELECT ?s ?label WHERE { VALUES ?s { " + " ".join(sparql_term(t) for t in chunk)
                               + " } ?s rdfs:label|skos:prefLabel ?label }")
            for row in rows:
                label = row.get("label")
                if not isinstance(label, Literal):
                    continue
                rank = {"en": 0, None: 1}.get(label.language, 2)
                if row["s"] not in found or (rank, str(label)) < found[row["s"]]:
                    found[row["s"]] = (rank, str(label))
            with self._lock:
                for term in chunk:
                    self._labels[term] = found[term][1] if term in found else ""
        with self._lock:
            return {t: self._labels[t] for t in wanted if self._labels.get(t)}

    # --- what a thing is --------------------------------------------------------------------------
    def _kinds(self, iri: str) -> frozenset[str]:
        """The local names of the ontology classes ``iri`` belongs to, directly or through subclasses."""
        rows = self.select("SELECT DISTINCT ?kind WHERE { " + sparql_term(URIRef(iri))
                           + " a ?type . ?type rdfs:subClassOf* ?kind }")
        return frozenset(str(r["kind"])[len(str(HISAB)):] for r in rows
                         if isinstance(r.get("kind"), URIRef) and str(r["kind"]).startswith(str(HISAB)))

    def page_kind(self, iri: str) -> str | None:
        """Which page ``iri`` gets: the first of :data:`PAGE_KINDS` it is, or None (a plain page)."""
        kinds = self.kinds(iri)
        return next((kind for kind in PAGE_KINDS if kind in kinds), None)

    # --- nodes and claims -------------------------------------------------------------------------
    def nodes(self, iris: Iterable[Identifier]) -> dict[URIRef, Node]:
        """The outgoing triples of each IRI."""
        found: dict[URIRef, Node] = {}
        for chunk in _chunks(sorted({i for i in iris if isinstance(i, URIRef)}), _CHUNK):
            rows = self.select("SELECT ?s ?p ?o WHERE { VALUES ?s { " + " ".join(sparql_term(i) for i in chunk)
                               + " } ?s ?p ?o }")
            for row in rows:
                node = found.setdefault(row["s"], Node(row["s"]))
                if row["o"] not in node.props[row["p"]]:
                    node.props[row["p"]].append(row["o"])
        return found

    def node(self, iri: str) -> Node:
        """One IRI's outgoing triples."""
        return self.nodes([URIRef(iri)]).get(URIRef(iri), Node(URIRef(iri)))

    def claims_linking(self, iri: str, links: Sequence[URIRef]) -> list[URIRef]:
        """The claims (anything with a claimant) that point at ``iri`` through one of ``links``."""
        rows = self.select("SELECT DISTINCT ?claim WHERE { VALUES ?link { " + " ".join(sparql_term(p) for p in links)
                           + " } ?claim ?link " + sparql_term(URIRef(iri)) + " ; hisab:claimedBy ?claimant }")
        return sorted(r["claim"] for r in rows if isinstance(r.get("claim"), URIRef))

    def disputing(self, claims: Iterable[URIRef]) -> dict[URIRef, list[URIRef]]:
        """For each claim, the claims that dispute it (denials, counter-claims, rebuttals)."""
        found: dict[URIRef, list[URIRef]] = defaultdict(list)
        for chunk in _chunks(sorted(set(claims)), _CHUNK):
            rows = self.select("SELECT ?target ?claim WHERE { VALUES ?target { " + " ".join(map(sparql_term, chunk))
                               + " } ?claim hisab:disputes ?target }")
            for row in rows:
                found[row["target"]].append(row["claim"])
        return {k: sorted(v) for k, v in found.items()}

    def incoming(self, iri: str, limit: int = 500) -> list[tuple[URIRef, URIRef]]:
        """``(subject, property)`` of the triples that point at ``iri`` (at most ``limit``)."""
        rows = self.select("SELECT ?s ?p WHERE { ?s ?p " + sparql_term(URIRef(iri)) + " FILTER (isIRI(?s)) } "
                           f"ORDER BY ?p ?s LIMIT {limit}")
        return [(r["s"], r["p"]) for r in rows]

    def blank_nodes(self, iri: str) -> dict[BNode, list[tuple[URIRef, Identifier]]]:
        """The blank nodes one step from ``iri``, with their triples (selectors, structured values)."""
        rows = self.select("SELECT ?b ?p ?o WHERE { " + sparql_term(URIRef(iri)) + " ?q ?b . FILTER (isBlank(?b)) "
                           "?b ?p ?o }")
        found: dict[BNode, list[tuple[URIRef, Identifier]]] = defaultdict(list)
        for row in rows:
            found[row["b"]].append((row["p"], row["o"]))
        return found

    # --- evidence ---------------------------------------------------------------------------------
    def spans(self, iris: Iterable[Identifier]) -> dict[URIRef, Span]:
        """The pointers of evidence spans."""
        found: dict[URIRef, Span] = {}
        for chunk in _chunks(sorted({i for i in iris if isinstance(i, URIRef)}), _CHUNK):
            listed = " ".join(map(sparql_term, chunk))
            rows = self.select("SELECT ?span ?doc ?start ?end WHERE { VALUES ?span { " + listed + " } "
                               "?span oa:hasSource ?doc ; oa:hasSelector ?selector . "
                               "?selector oa:start ?start ; oa:end ?end }")
            for row in rows:
                try:
                    found[row["span"]] = Span(row["span"], row["doc"], int(row["start"]), int(row["end"]))
                except (ValueError, TypeError):
                    continue
        return found

    def spans_of_document(self, iri: str) -> list[tuple[Span, list[URIRef]]]:
        """Every evidence span in a document, with the claims that rest on it, in text order."""
        rows = self.select("SELECT ?span ?start ?end ?claim WHERE { ?span oa:hasSource " + sparql_term(URIRef(iri))
                           + " ; oa:hasSelector ?selector . ?selector oa:start ?start ; oa:end ?end . "
                           "OPTIONAL { ?claim hisab:evidence ?span } }")
        spans: dict[URIRef, tuple[Span, list[URIRef]]] = {}
        for row in rows:
            try:
                span = Span(row["span"], URIRef(iri), int(row["start"]), int(row["end"]))
            except (ValueError, TypeError, KeyError):
                continue
            entry = spans.setdefault(row["span"], (span, []))
            if isinstance(row.get("claim"), URIRef) and row["claim"] not in entry[1]:
                entry[1].append(row["claim"])
        return sorted(((s, sorted(c)) for s, c in spans.values()), key=lambda e: (e[0].start, -e[0].end))

    def documents(self) -> dict[str, SourceRecord]:
        """Every document whose text the data identifies (by SHA-256), by IRI."""
        if self._documents is None:
            rows = self.select("SELECT ?doc ?file ?sha ?count WHERE { ?doc hisab:sha256 ?sha . "
                               "OPTIONAL { ?doc hisab:localFileName ?file } "
                               "OPTIONAL { ?doc hisab:characterCount ?count } }")
            labels = self.labels(r["doc"] for r in rows)
            records = {}
            for row in rows:
                count = row.get("count")
                try:
                    characters = int(count) if count is not None else None
                except (TypeError, ValueError):
                    characters = None
                records[str(row["doc"])] = SourceRecord(
                    str(row["doc"]), labels.get(row["doc"], str(row["doc"])),
                    str(row["file"]) if row.get("file") is not None else None, str(row["sha"]), characters)
            self._documents = records
        return self._documents

    # --- saved queries ----------------------------------------------------------------------------
    def _saved(self, name: str, values: tuple[tuple[str, str], ...] = ()) -> tuple[tuple[str, ...], tuple[dict, ...]]:
        """The variables and rows of a saved query with parameter values bound."""
        query = self.catalogue[name]
        text, _ = bind(query, dict(values))
        variables, rows = self.backend.table(text)
        return variables, tuple(rows)


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for index in range(0, len(items), size):
        yield items[index:index + size]
