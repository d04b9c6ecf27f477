"""Reasoning and validation inside a remote store: the data never comes back into Python to be checked.

One job: run, on a SPARQL 1.1 endpoint that holds the dataset (pushed with ``hisab load``), the same
OWL RL rules (:mod:`hisab.reasoner`, as ``INSERT … WHERE`` updates) and the same shapes compiled to
SPARQL (:mod:`hisab.validate`) as the embedded store runs, so that the results are the same. Only the
rules' and the shapes' text goes to the server, and only entailment counts and validation results
come back.

The graphs are found by their names: the ontology, the reused vocabularies' axioms, the data graphs
(``hid:graph/data/…``) with the metadata graph, and the inferred graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDFS, SKOS, XSD
from rdflib.term import Node

from hisab.errors import HisabError
from hisab.namespaces import (
    GRAPH_DATA_PREFIX,
    GRAPH_IMPORTS,
    GRAPH_INFERRED,
    GRAPH_METADATA,
    GRAPH_ONTOLOGY,
    HISAB,
)
from hisab.reasoner import reason
from hisab.remote import EndpointTarget, RemoteStore
from hisab.validate import ValidationOutcome, render_node, validate_dataset

Progress = Callable[[str], None]


def data_graphs(remote: RemoteStore) -> list[str]:
    """The data graphs the endpoint holds (with the metadata graph), as a build names them."""
    rows = remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    names = sorted(str(row[0]) for row in rows)
    found = [n for n in names if n.startswith(GRAPH_DATA_PREFIX) or n == str(GRAPH_METADATA)]
    if not any(n.startswith(GRAPH_DATA_PREFIX) for n in found):
        raise HisabError(f"{remote.endpoint} holds no Hisab data graph ({GRAPH_DATA_PREFIX}…); push the dataset "
                         "first with 'hisab load --endpoint …'")
    if str(GRAPH_ONTOLOGY) not in names:
        raise HisabError(f"{remote.endpoint} holds no ontology graph ({GRAPH_ONTOLOGY}); push the whole dataset "
                         "with 'hisab load --endpoint …'")
    return found


def reason_remote(remote: RemoteStore, progress: Progress | None = None) -> int:
    """Replace the endpoint's inferred graph with the OWL RL entailments of its ontology, imports and data
    graphs, computed by the server; return their number."""
    inputs = [str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS), *data_graphs(remote)]
    target = EndpointTarget(remote)
    target.update(f"DROP SILENT GRAPH <{GRAPH_INFERRED}>")
    reason(target, inputs, str(GRAPH_INFERRED), progress=progress)
    from hisab.build import inferred_graph_provenance

    provenance = inferred_graph_provenance([g for g in inputs if g.startswith(GRAPH_DATA_PREFIX)])
    target.update(f"DELETE WHERE {{ GRAPH <{GRAPH_METADATA}> {{ <{GRAPH_INFERRED}> ?p ?o }} }}")
    target.update(f"INSERT DATA {{ GRAPH <{GRAPH_METADATA}> {{ {provenance.serialize(format='nt')} }} }}")
    return target.size(str(GRAPH_INFERRED))


def validate_remote(remote: RemoteStore, shapes: Graph, *, reasoned: bool = False) -> ValidationOutcome:
    """Validate the endpoint's data graphs (with its inferred graph when ``reasoned``) against ``shapes``,
    every constraint evaluated by the server as one SELECT over the data and the ontology."""
    graphs = [*data_graphs(remote), str(GRAPH_ONTOLOGY)]
    if reasoned:
        if remote.count(str(GRAPH_INFERRED)) == 0:
            raise HisabError(f"{remote.endpoint} holds no entailments ({GRAPH_INFERRED}); compute them there with "
                             "'hisab build --reason --endpoint …' first")
        graphs.append(str(GRAPH_INFERRED))

    def select(sparql: str) -> Iterator[dict]:
        for row in remote.query(sparql, default_graphs=graphs):
            yield {str(k): _rdf11(v) for k, v in row.asdict().items() if v is not None}

    # a blank node cannot be named in a query to the server again, so a generic message naming one says "[ ]"
    return validate_dataset(select, shapes, _RemoteLabels(remote, graphs))


def _rdf11(term: Node) -> Node:
    """A literal as the embedded validator reads it (a simple literal is an xsd:string; a literal of a
    datatype rdflib knows in rdflib's canonical form, as pyshacl reports it), so that reports read the same."""
    if isinstance(term, Literal) and not term.language:
        return Literal(str(term), datatype=term.datatype or XSD.string)
    return term


class _RemoteLabels:
    """Labels of focus nodes, asked of the endpoint (once per node)."""

    def __init__(self, remote: RemoteStore, graphs: list[str]) -> None:
        self.remote = remote
        self.graphs = graphs
        self.cache: dict[Node, str] = {}

    def __call__(self, node: Node) -> str:
        if node not in self.cache:
            self.cache[node] = self._label(node)
        return self.cache[node]

    def _label(self, node: Node) -> str:
        if not isinstance(node, BNode):
            for predicate in (RDFS.label, SKOS.prefLabel, HISAB.gist):
                rows = list(self.remote.query(f"SELECT ?l WHERE {{ {node.n3()} <{predicate}> ?l }} LIMIT 1",
                                              default_graphs=self.graphs))
                if rows:
                    return str(rows[0][0])
        return render_node(node) or ""
