"""Validate data against the ontology and the SHACL shapes.

The shapes are compiled to SPARQL queries (:mod:`hisab.shacl_compile`) that run once over all focus
nodes on an Oxigraph store holding the data and the ontology (:func:`validate_graph`,
:func:`validate_store`) or on any SPARQL endpoint (:func:`validate_dataset`). They give the results
pyshacl gives; :func:`validate_graph_pyshacl`, the former validator, stays as the reference the tests
compare them with.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from hisab import shacl_run
from hisab.errors import HisabError
from hisab.namespaces import GRAPH_ONTOLOGY, HISAB, bind_prefixes, compact
from hisab.shacl_compile import CompiledShapes, compile_shapes
from hisab.shacl_messages import Describe
from hisab.shacl_run import SelectRunner, ValidationResult
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


def validate_graph(data: Graph, shapes: Graph | CompiledShapes, ontology: Graph) -> ValidationOutcome:
    """Validate ``data`` (a union of the data graphs) against ``shapes``, with ``ontology`` mixed in
    so that subclass targets and ``sh:class`` see the class hierarchy. Warnings do not make the data
    non-conforming; violations do.

    The shapes are compiled to SPARQL (or given compiled) and run on an Oxigraph store that holds a
    copy of ``data`` and ``ontology``; the results are those of :func:`validate_graph_pyshacl`.
    """
    compiled = compiled_shapes(shapes)
    store = ox.Store()
    for source in (data, ontology):
        _copy_into(store, source)
    results = shacl_run.run(compiled, shacl_run.oxigraph_select(store), shacl_run.oxigraph_describe(store),
                            workers=shacl_run.parallel_workers())
    return outcome_of(results, compiled, LabelLookup(data, ontology))


def validate_store(store: ox.Store, graphs: Sequence[str] | None, shapes: Graph | CompiledShapes, *,
                   ontology: Sequence[str] = (str(GRAPH_ONTOLOGY),),
                   copy: bool | MergedCopy = True) -> ValidationOutcome:
    """Validate the data graphs ``graphs`` of ``store`` (named graphs; None for the store's default graph
    as it is) against ``shapes``, with the ontology graphs ``ontology`` mixed in so that subclass targets
    and ``sh:class`` see the class hierarchy: :func:`validate_graph` without copies through rdflib.

    With ``copy`` the graphs are first merged into the default graph of a scratch store, so that a
    triple held by two of them counts once, as in an RDF merge (on 1M triples the copy takes about
    7 s); a :class:`MergedCopy` given as ``copy`` is that scratch store, kept from an earlier run, and
    only the graphs it lacks are copied into it. Without ``copy`` the queries run on the graphs' union
    in place, which Oxigraph evaluates several times more slowly and where it repeats such triples
    (core constraints are not affected, a SPARQL constraint that counts may be). The queries run on
    as many threads as the process has cores (at most 4).
    """
    compiled = compiled_shapes(shapes)
    if graphs is None:
        target, names = store, None
        if ontology:
            raise ValueError("with graphs None the default graph must hold the ontology already: pass ontology=()")
    elif copy is False:
        target, names = store, [*graphs, *ontology]
    else:
        merged = copy if isinstance(copy, MergedCopy) else MergedCopy(store)
        rows = merged.rows(compiled, [*graphs, *ontology], workers=shacl_run.parallel_workers())
        results = shacl_run.results_of_rows(compiled, rows, shacl_run.oxigraph_describe(merged.store))
        return outcome_of(results, compiled, StoreLabels(store, graphs, ontology))
    results = shacl_run.run(compiled, shacl_run.oxigraph_select(target, names),
                            shacl_run.oxigraph_describe(target, names), workers=shacl_run.parallel_workers())
    return outcome_of(results, compiled, StoreLabels(store, graphs, ontology))


@dataclass
class _Run:
    """The rows of one validation of a :class:`MergedCopy`, what each query took, and the number of
    instances of each class the queries read as a set (:mod:`hisab.shacl_reads`)."""

    texts: list[str]  # the queries, in order
    rows: list[list[shacl_run.Row]]
    seconds: list[float]
    instances: dict[str, int] | None  # None: not counted, the rows are not to be kept
    ran: list[bool]  # whether each query ran (or kept its rows from the run before)


class MergedCopy:
    """The RDF merge of named graphs of ``source``, in the default graph of an in-memory scratch store.

    A build that validates the data and then the data with its entailments keeps one, so that the
    second run copies only the entailments (on 1M triples, about 7 s saved), and runs again only the
    queries whose rows the entailments can change: the others keep their rows (:meth:`rows`)."""

    def __init__(self, source: ox.Store, keep_after: float = 2.0) -> None:
        self.source = source
        self.store = ox.Store()
        self.graphs: list[str] = []
        self.last: _Run | None = None
        #: seconds of query work from which a run's rows are worth keeping for the next: reading what
        #: the queries read costs about a second (parsing the SPARQL constraints), which small data
        #: does not win back
        self.keep_after = keep_after

    def add(self, graphs: Sequence[str]) -> list[str]:
        """Copy the graphs of ``graphs`` not merged yet, and return their names. The copy must hold no
        graph outside ``graphs``: a validation of fewer graphs than it holds needs a copy of its own."""
        extra = set(self.graphs) - set(graphs)
        if extra:
            raise ValueError(f"the merged copy holds graphs outside those to validate: {sorted(extra)}")
        added = []
        for name in graphs:
            if name not in self.graphs:
                # Oxigraph checked these terms when they came in: no need to check them again (0.8 s
                # of 2.5 s for a million triples)
                self.store.load(self.source.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)),
                                format=ox.RdfFormat.N_TRIPLES, lenient=True)
                self.graphs.append(name)
                added.append(name)
        return added

    def rows(self, compiled: CompiledShapes, graphs: Sequence[str], workers: int = 1) -> list[list[shacl_run.Row]]:
        """The rows of every query of ``compiled`` on the merge of ``graphs`` (copying those not merged
        yet). After an earlier run of the same queries (of at least ``keep_after`` seconds of work), a
        query keeps its rows when the triples added since cannot change them: none has a predicate it
        reads, and the instances of each class it reads as a set are as many as before (more would be
        new ones: triples are only added). The others run longest first, by their time in the earlier
        run."""
        texts = [q.sparql for q in compiled.queries]
        last = self.last if self.last is not None and self.last.texts == texts else None
        added = self.add(graphs)
        kept: dict[int, list[shacl_run.Row]] = {}
        instances = None
        if last is not None and last.instances is not None:
            reads = [q.reads.resolved() for q in compiled.queries]
            predicates = self._predicates(added)
            instances = self._instances(frozenset().union(*(r.classes for r in reads)))
            changed = frozenset(c for c, n in instances.items() if last.instances.get(c) != n)
            kept = {i: last.rows[i] for i, r in enumerate(reads) if r.unchanged_by(predicates, changed)}
        todo = [i for i in range(len(compiled.queries)) if i not in kept]
        expected = [last.seconds[i] for i in todo] if last is not None else None
        found = shacl_run.select_timed([compiled.queries[i].sparql for i in todo],
                                       shacl_run.oxigraph_select(self.store), workers, expected)
        rows = [kept.get(i, []) for i in range(len(compiled.queries))]
        seconds = list(last.seconds) if last is not None else [0.0] * len(compiled.queries)
        for i, (query_rows, took) in zip(todo, found, strict=True):
            rows[i], seconds[i] = query_rows, took
        if instances is None and sum(seconds) >= self.keep_after:  # counted once the queries have run
            instances = self._instances(frozenset().union(*(q.reads.resolved().classes for q in compiled.queries)))
        self.last = _Run(texts, rows, seconds, instances, [i not in kept for i in range(len(compiled.queries))])
        return rows

    @property
    def ran(self) -> int:
        """How many queries the last run of :meth:`rows` ran."""
        return 0 if self.last is None else sum(self.last.ran)

    @property
    def kept(self) -> int:
        """How many queries kept their rows from the run before in the last run of :meth:`rows`."""
        return 0 if self.last is None else len(self.last.ran) - self.ran

    def _predicates(self, graphs: Sequence[str]) -> frozenset[str]:
        """The predicates of the triples of ``graphs`` in the source store."""
        found: set[str] = set()
        for name in graphs:
            found.update(str(r["p"].value) for r in self.source.query(
                f"SELECT DISTINCT ?p WHERE {{ GRAPH {ox.NamedNode(name)} {{ ?s ?p ?o }} }}"))
        return frozenset(found)

    def _instances(self, classes: frozenset[str]) -> dict[str, int]:
        """How many instances (``rdf:type/rdfs:subClassOf*``) each class has in the copy."""
        if not classes:
            return {}
        values = " ".join(str(ox.NamedNode(c)) for c in sorted(classes))
        query = (f"SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {{ VALUES ?c {{ {values} }} "
                 f"?x <{RDF.type}>/<{RDFS.subClassOf}>* ?c }} GROUP BY ?c")
        found = {c: 0 for c in classes}
        found.update({str(r["c"].value): int(r["n"].value) for r in self.store.query(query)})
        return found


def validate_dataset(select: SelectRunner, shapes: Graph | CompiledShapes, labels: LabelLookup | StoreLabels,
                     describe: Describe | None = None) -> ValidationOutcome:
    """Validate data behind any SPARQL 1.1 endpoint: ``select`` runs one SELECT over the data and the
    ontology (for instance with ``FROM`` clauses, or on a graph that holds both) and gives its rows as
    mappings of variable names to rdflib terms; ``labels`` names focus nodes; ``describe`` gives the
    triples of a blank node where pyshacl's generic messages name one (without it, ``[ ]``)."""
    compiled = compiled_shapes(shapes)
    return outcome_of(shacl_run.run(compiled, select, describe), compiled, labels)


_COMPILED: dict[int, tuple[weakref.ref[Graph], int, CompiledShapes]] = {}


def compiled_shapes(shapes: Graph | CompiledShapes) -> CompiledShapes:
    """``shapes`` compiled to SPARQL, once per shapes graph object (while it lives and keeps its size)."""
    if isinstance(shapes, CompiledShapes):
        return shapes
    size = len(shapes)
    cached = _COMPILED.get(id(shapes))
    if cached is not None and cached[0]() is shapes and cached[1] == size:
        return cached[2]
    compiled = compile_shapes(in_memory(shapes))
    for key in [k for k, (ref, _, _) in _COMPILED.items() if ref() is None]:
        del _COMPILED[key]
    _COMPILED[id(shapes)] = (weakref.ref(shapes), size, compiled)
    return compiled


def outcome_of(results: Sequence[ValidationResult], compiled: CompiledShapes,
               labels: LabelLookup | StoreLabels) -> ValidationOutcome:
    """The outcome of compiled validation results: rows, verdict, report graph and checked shapes."""
    conforming = shacl_run.conforms(results)
    report_graph = shacl_run.report_graph(results, compiled.shapes, conforming)
    bind_prefixes(report_graph)
    rows = [_row_of(r, labels, compiled.parents) for r in results]
    rows.sort(key=lambda r: (r.severity != "Violation", r.focus, r.node_shape, r.message))
    return ValidationOutcome(
        conforms=conforming and not any(r.severity == "Violation" for r in rows),
        results=rows,
        report_graph=report_graph,
        node_shapes=sorted({_shape_name(s) for s in targeted_node_shapes(compiled.shapes)}),
    )


def _copy_into(store: ox.Store, graph: Graph) -> None:
    """Add the triples of ``graph`` to the default graph of ``store`` (directly from an Oxigraph-backed
    graph, else through N-Triples)."""
    inner = getattr(graph.store, "_inner", None)
    if isinstance(graph.store, OxigraphStore) and isinstance(inner, ox.Store):
        name = ox.DefaultGraph() if graph.identifier == DATASET_DEFAULT_GRAPH_ID else shacl_run.to_ox(graph.identifier)
        store.load(inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name), format=ox.RdfFormat.N_TRIPLES,
                   lenient=True)  # Oxigraph checked the terms when they came in
        return
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)


def validate_graph_pyshacl(data: Graph, shapes: Graph, ontology: Graph) -> ValidationOutcome:
    """Validate ``data`` against ``shapes`` with pyshacl (node by node: slow on large data), with
    ``ontology`` mixed in. The reference the compiled validator is tested against."""
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


class StoreLabels:
    """:class:`LabelLookup` over named graphs of an Oxigraph store: the data graphs as one graph, then the
    ontology graphs as another; of several labels, the one the merged graph would list first."""

    def __init__(self, store: ox.Store, data_graphs: Sequence[str] | None,
                 ontology_graphs: Sequence[str] = ()) -> None:
        self.store = store
        self.groups: list[list[ox.NamedNode | ox.DefaultGraph]] = [
            [ox.DefaultGraph()] if data_graphs is None else [ox.NamedNode(g) for g in data_graphs],
            [ox.NamedNode(g) for g in ontology_graphs]]

    def __call__(self, node: Node) -> str:
        """The best label of ``node``."""
        subject = shacl_run.to_ox(node)
        if isinstance(subject, (ox.NamedNode, ox.BlankNode)):
            for predicate in (ox.NamedNode(str(p)) for p in (RDFS.label, SKOS.prefLabel, HISAB.gist)):
                for group in self.groups:
                    found = {q.object: None for g in group for q in self.store.quads_for_pattern(subject, predicate,
                                                                                                    None, g)}
                    if found:
                        return str(shacl_run.from_ox(_first(subject, predicate, list(found))))
        return render_node(node) or ""


def _first(subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode,
           objects: list[ox.NamedNode | ox.BlankNode | ox.Literal]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The object an Oxigraph graph holding these triples lists first (what ``Graph.value`` gives)."""
    if len(objects) == 1:
        return objects[0]
    scratch = ox.Store()
    scratch.extend(ox.Quad(subject, predicate, o, ox.DefaultGraph()) for o in objects)
    return next(iter(scratch.quads_for_pattern(subject, predicate, None, ox.DefaultGraph()))).object


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


def _row_of(result: ValidationResult, labels: LabelLookup | StoreLabels, parents: dict[Node, Node]) -> ResultRow:
    """The row of a compiled result, worded as :func:`_row` words a pyshacl result."""
    path = result.path
    return ResultRow(
        severity=SEVERITY_NAMES.get(result.severity, str(result.severity)),
        focus=render_node(result.focus) or "",
        focus_label=labels(result.focus),
        path=render_node(path) if isinstance(path, URIRef) else ("[path]" if path is not None else None),
        value=render_node(result.value),
        message=_compact_iris("; ".join(sorted(str(m) for m in result.messages))) or "constraint not met",
        shape=_shape_name(result.shape),
        node_shape=_shape_name(parents.get(result.shape, result.shape)),
        constraint=compact(str(result.component)),
    )


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
