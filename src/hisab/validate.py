"""Validate data against the ontology and the SHACL shapes with pyshacl."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from hisab.errors import HisabError
from hisab.namespaces import HISAB, bind_prefixes, compact
from hisab.store import in_memory

SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class ResultRow:
    """One SHACL validation result, with what a reader needs to act on it."""

    severity: str
    focus: str
    focus_label: str
    path: str | None
    value: str | None
    message: str
    shape: str
    node_shape: str
    constraint: str


@dataclass
class ValidationOutcome:
    """The verdict, the results, the SHACL report graph and the shapes that were checked."""

    conforms: bool
    results: list[ResultRow]
    report_graph: Graph
    node_shapes: list[str] = field(default_factory=list)

    @property
    def violations(self) -> list[ResultRow]:
        """Results of severity Violation."""
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ResultRow]:
        """Results of severity Warning."""
        return [r for r in self.results if r.severity == "Warning"]


def validate_graph(data: Graph, shapes: Graph, ontology: Graph) -> ValidationOutcome:
    """Validate ``data`` (a union of the data graphs) against ``shapes``, with ``ontology`` mixed in
    so that subclass targets and ``sh:class`` see the class hierarchy. Warnings do not make the data
    non-conforming; violations do."""
    conforms, report_graph, _ = shacl_validate(
        _mixed(data, ontology),
        shacl_graph=in_memory(shapes),  # pyshacl walks the shapes graph per focus node: keep it local
        inference="none",
        inplace=True,
        allow_warnings=True,
        abort_on_first=False,
        meta_shacl=False,
        advanced=True,
    )
    if not isinstance(report_graph, Graph):  # pyshacl's ValidationFailure: the shapes themselves are broken
        raise HisabError(f"the SHACL shapes could not be evaluated: {report_graph}. Fix the file under shapes/.")
    bind_prefixes(report_graph)
    labels = LabelLookup(data, ontology)
    parents = _node_shape_of(shapes)
    nested = set(report_graph.objects(None, SH.detail))  # details of a result are shown with it, not apart
    results = [_row(report_graph, r, labels, parents)
               for r in report_graph.subjects(RDF.type, SH.ValidationResult) if r not in nested]
    results.sort(key=lambda r: (r.severity != "Violation", r.focus, r.node_shape, r.message))
    has_violation = any(r.severity == "Violation" for r in results)
    return ValidationOutcome(
        conforms=bool(conforms) and not has_violation,
        results=results,
        report_graph=report_graph,
        node_shapes=sorted({_shape_name(s) for s in targeted_node_shapes(shapes)}),
    )


def _mixed(data: Graph, ontology: Graph) -> Graph:
    """Data and ontology in one Oxigraph-backed graph.

    pyshacl's own ``ont_graph`` mixing copies everything into rdflib's in-memory store, where
    SPARQL-based constraints are evaluated by rdflib (about ten times slower here); validating this
    graph in place lets Oxigraph evaluate them.
    """
    store = ox.Store()
    for source in (data, ontology):
        store.load(source.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return _FrozenSizeGraph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)


class _FrozenSizeGraph(Graph):
    """A graph that is not changed while it is validated, so its size is counted once.

    pyshacl asks for ``len(data_graph)`` each time it builds a result, also for the nested results
    of sh:or / sh:xone / sh:not that it discards; on the Oxigraph store each ``len`` is a COUNT query
    over the whole store, which made these calls most of the validation time.
    """

    _size: int | None = None

    def __len__(self) -> int:
        if self._size is None:
            self._size = super().__len__()
        return self._size


class LabelLookup:
    """Human labels for nodes: rdfs:label, skos:prefLabel, hisab:gist, else the compact IRI."""

    def __init__(self, *graphs: Graph) -> None:
        self.graphs = graphs

    def __call__(self, node: Node) -> str:
        """The best label of ``node``."""
        for predicate in (RDFS.label, SKOS.prefLabel, HISAB.gist):
            for graph in self.graphs:
                value = graph.value(node, predicate)
                if value is not None:
                    return str(value)
        return render_node(node)


def render_node(node: Node | None) -> str | None:
    """A compact, readable form of an RDF term."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return compact(str(node))
    if isinstance(node, Literal):
        if node.datatype is not None:
            return f'"{node}"^^{compact(str(node.datatype))}'
        return f'"{node}"' + (f"@{node.language}" if node.language else "")
    if isinstance(node, BNode):
        return "[blank node]"
    return str(node)


def _row(report: Graph, result: Node, labels: LabelLookup, parents: dict[Node, Node]) -> ResultRow:
    focus = report.value(result, SH.focusNode)
    shape = report.value(result, SH.sourceShape)
    messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    severity = report.value(result, SH.resultSeverity)
    path = report.value(result, SH.resultPath)
    return ResultRow(
        severity=SEVERITY_NAMES.get(severity, str(severity)),
        focus=render_node(focus) or "",
        focus_label=labels(focus) if focus is not None else "",
        path=render_node(path) if isinstance(path, URIRef) else ("[path]" if path is not None else None),
        value=render_node(report.value(result, SH.value)),
        message=_compact_iris("; ".join(messages)) or "constraint not met",
        shape=_shape_name(shape),
        node_shape=_shape_name(parents.get(shape, shape)),
        constraint=compact(str(report.value(result, SH.sourceConstraintComponent))),
    )


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)


def targeted_node_shapes(shapes: Graph) -> set[Node]:
    """Named node shapes that select focus nodes themselves (helper shapes used through sh:node are left out)."""
    return {s for s in shapes.subjects(RDF.type, SH.NodeShape)
            if isinstance(s, URIRef) and any(shapes.value(s, t) is not None for t in _TARGETS)}


def _node_shape_of(shapes: Graph) -> dict[Node, Node]:
    """Map each property shape (and nested sh:sparql node) to the node shape that declares it."""
    parents: dict[Node, Node] = {}
    for node_shape, prop in shapes.subject_objects(SH.property):
        parents[prop] = node_shape
    return parents


_IRI_IN_TEXT = re.compile(r"https?://[^\s,;()<>\"']+[^\s,;()<>\"'.]")


def _compact_iris(message: str) -> str:
    """``message`` with every full IRI written in its compact form (``norm:ihl-distinction``)."""
    return _IRI_IN_TEXT.sub(lambda m: compact(m.group(0)).strip("<>"), message)


def _shape_name(shape: Node | None) -> str:
    if shape is None:
        return "unknown shape"
    if isinstance(shape, URIRef):
        return compact(str(shape))
    return "[anonymous shape]"
