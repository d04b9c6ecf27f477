"""One store interface over the knowledge graph.

The embedded default keeps the data in an Oxigraph store (in memory, or on disk with a
folder), seen by rdflib as a :class:`rdflib.Dataset` through ``oxrdflib``. Code above this
module only uses :class:`Store`, so a remote SPARQL 1.1 endpoint can stand behind the same
methods (queries through SPARQLWrapper, loading through the Graph Store Protocol).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO, Protocol

import pyoxigraph as ox
from oxrdflib import OxigraphStore as _OxrdflibStore
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result
from rdflib.term import Identifier

from hisab.errors import HisabError
from hisab.namespaces import bind_prefixes

#: From this size on, a file is bulk-loaded into a store on disk (which does not hold the whole file in
#: memory) and the store is compacted afterwards (:meth:`EmbeddedStore.settle`); a smaller file is loaded
#: in one transaction, and compacting a large store for it would cost more than it saves (2.3 s at 1M
#: triples after a 1 MB file, where the changed file's re-validation must take under 2 s).
BULK_LOAD_FROM = 32 * 1024 * 1024


class Store(Protocol):
    """What every Hisab store offers."""

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads (pyoxigraph terms, the exchange format between loader and stores)."""

    def add_graph(self, name: str, graph: Graph) -> None:
        """Add every triple of an rdflib graph to the named graph ``name``."""

    def load_file(self, path: Path, fmt: ox.RdfFormat, name: str) -> None:
        """Parse a file of triples (base IRI ``name``) into the named graph ``name``; raises SyntaxError,
        OSError or ValueError as :func:`pyoxigraph.parse` does. Safe to call from a thread of its own."""

    def take_about(self, name: str) -> list[ox.Quad]:
        """Remove from the named graph ``name`` the triples whose subject is ``name`` itself, and return them."""

    def remove_graph(self, name: str) -> None:
        """Remove the named graph ``name`` and its triples."""

    def graph_names(self) -> list[str]:
        """Names of the named graphs that hold triples, sorted."""

    def quads(self) -> Iterable[ox.Quad]:
        """Every quad of the store."""

    def graph(self, name: str) -> Graph:
        """A copy of one named graph."""

    def union(self, names: Iterable[str] | None = None) -> Graph:
        """A copy of the union of the given named graphs (default: all)."""

    def count(self, name: str | None = None) -> int:
        """Number of triples in one named graph, or quads in the whole store."""

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Run a SPARQL query over the union of all graphs, with values bound as RDF terms."""

    def dump(self, path: Path, fmt: str) -> None:
        """Write every graph to ``path`` as ``trig`` or ``nquads``."""

    def close(self) -> None:
        """Release the store."""


class EmbeddedStore:
    """The default store: Oxigraph, in memory or in ``path`` on disk."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        try:
            if path is None:
                self._ox = ox.Store()
            else:
                self._ox = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except (OSError, RuntimeError) as exc:  # locked, unreadable or corrupt folder
            raise HisabError(f"{path}: cannot open the store ({exc}). If it is damaged, delete {path} and build "
                             "the store again (hisab --store DIR build)") from exc
        self.path = path
        self.read_only = read_only
        self._bulk_loaded = False  # a file was bulk-loaded into the store on disk: see settle()
        self.dataset = Dataset(store=_OxrdflibStore(store=self._ox), default_union=True)
        bind_prefixes(self.dataset)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Bulk-load quads."""
        self._ox.extend(quads)

    def add_graph(self, name: str, graph: Graph) -> None:
        """Copy an rdflib graph into the named graph ``name``."""
        data = graph.serialize(format="nt", encoding="utf-8")
        self._ox.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))

    def load_file(self, path: Path, fmt: ox.RdfFormat, name: str) -> None:
        """Parse a file of triples into the named graph ``name``, inside Oxigraph (which lets other
        threads run meanwhile). On disk a file of :data:`BULK_LOAD_FROM` bytes or more is bulk-loaded,
        which is not one transaction (and does not hold the whole file in memory): on failure the caller
        removes the graph."""
        graph = ox.NamedNode(name)
        if self.path is None or path.stat().st_size < BULK_LOAD_FROM:
            self._ox.load(path=str(path), format=fmt, base_iri=name, to_graph=graph)
        else:
            self._bulk_loaded = True
            self._ox.bulk_load(path=str(path), format=fmt, base_iri=name, to_graph=graph)

    def settle(self) -> None:
        """After a bulk load into the store on disk, compact its files: as a bulk load leaves them, every
        lookup reads more of them, and queries take about a third longer (at 1M triples, 1.6 s of
        compaction; `massacres-with-victims` 11.2 s before, 7.2 s after). Nothing to do otherwise (a
        file loaded in one transaction goes through the store's own writes)."""
        if self._bulk_loaded:  # only ever set by a bulk load into a writable store on disk
            self._ox.optimize()
            self._bulk_loaded = False

    def take_about(self, name: str) -> list[ox.Quad]:
        """Remove from the named graph ``name`` the triples whose subject is ``name`` itself, and return them
        (with the store's own blank nodes: a file parsed twice gets other blank nodes each time)."""
        graph = ox.NamedNode(name)
        found = list(self._ox.quads_for_pattern(graph, None, None, graph))
        for quad in found:
            self._ox.remove(quad)
        return found

    def remove_graph(self, name: str) -> None:
        """Remove one named graph (a load that found errors takes back what it added)."""
        self._ox.remove_graph(ox.NamedNode(name))

    def graph_names(self) -> list[str]:
        """Named graphs, sorted."""
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self) -> Iterable[ox.Quad]:
        """Every quad, as pyoxigraph terms."""
        return self._ox.quads_for_pattern(None, None, None, None)

    def graph(self, name: str) -> Graph:
        """A copy of one named graph as an rdflib graph."""
        return self.union([name])

    def union(self, names: Iterable[str] | None = None) -> Graph:
        """A copy of the union of named graphs, in an in-memory Oxigraph-backed rdflib graph."""
        selected = self.graph_names() if names is None else list(names)
        target = ox.Store()
        for name in selected:
            target.extend(
                ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                for q in self._ox.quads_for_pattern(None, None, None, ox.NamedNode(name))
            )
        graph = Graph(store=_OxrdflibStore(store=target), identifier=DATASET_DEFAULT_GRAPH_ID)
        return bind_prefixes(graph)

    def count(self, name: str | None = None) -> int:
        """Triples in graph ``name``, or all quads."""
        if name is None:
            return len(self._ox)
        # counted inside Oxigraph: iterating a million quads in Python takes about a second
        found = self._ox.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ox.NamedNode(name)} {{ ?s ?p ?o }} }}")
        return int(next(iter(found))["n"].value)

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """SPARQL over the union of all graphs; values are bound by a VALUES block, as on a remote
        endpoint (Oxigraph's own substitution only binds projected variables)."""
        if bindings:
            from hisab.queries import inject_values

            sparql = inject_values(sparql, dict(bindings))
        return self.dataset.query(sparql)

    def dump(self, path: Path, fmt: str) -> None:
        """Serialise all named graphs (written by Oxigraph straight to the file, without Python's lock)."""
        serialize_dataset(self._ox, path, fmt)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for streaming, bounded user queries: :mod:`hisab.answer`)."""
        return self._ox

    def clear(self) -> None:
        """Remove every quad (the store's own data only; the folder and anything beside it stay)."""
        self._ox.clear()

    def close(self) -> None:
        """Flush and release the store."""
        if self.path is not None and not self.read_only:
            self._ox.flush()
        del self._ox


def serialize_dataset(store: ox.Store, out: BinaryIO | Path, fmt: str) -> None:
    """Write every quad of ``store`` to ``out`` (a binary stream, or a file path) as ``trig`` (with the
    project's prefixes) or ``nquads``.

    The one serialisation of a built dataset: :meth:`EmbeddedStore.dump` (``hisab build``) and the
    server's dumps (:mod:`hisab.web.dataset`) both write through it, so they are the same bytes. Oxigraph
    writes them itself; to a file path, without holding Python's lock, so other threads run meanwhile."""
    formats = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
    store.dump(
        str(out) if isinstance(out, Path) else out,
        formats[fmt],
        prefixes={k: str(v) for k, v in _dump_prefixes().items()} if fmt == "trig" else None,
    )


def in_memory(*graphs: Graph) -> Graph:
    """A copy of the given graphs merged in rdflib's own memory store, for code that walks a graph
    triple by triple many times (pyshacl's shapes, owlrl's closure), where per-call overhead counts."""
    copy = Graph()
    for graph in graphs:
        for triple in graph:
            copy.add(triple)
    return copy


def _dump_prefixes() -> dict[str, URIRef]:
    from hisab.namespaces import PREFIXES

    return {k: URIRef(str(v)) for k, v in PREFIXES.items()}
