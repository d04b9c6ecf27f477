"""Running compiled SHACL queries and reading their rows as validation results.

The queries of :mod:`hisab.shacl_compile` are plain SPARQL 1.1 SELECTs: they run wherever a
function takes a query and gives its rows (:data:`SelectRunner`), on an embedded
:class:`pyoxigraph.Store` (:func:`oxigraph_select`) or on a remote endpoint. Rows are read as
pyshacl reads them (one result per value node, SPARQL rows deduplicated and their message templates
filled in as pyshacl does), and the results can be written as a standard ``sh:ValidationReport``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from hisab.shacl_compile import CompiledQuery, CompiledShapes
from hisab.shacl_messages import Describe, Stringifier, default_namespaces, fill_template

#: One row of a SELECT: variable name → RDF term (unbound variables absent or None).
Row = Mapping[str, Node | None]
#: Runs one SPARQL SELECT over the data (with the ontology) and gives its rows.
SelectRunner = Callable[[str], Iterable[Row]]

ALLOWED_SEVERITIES = frozenset({SH.Warning, SH.Info})


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result (sh:ValidationResult)."""

    focus: Node
    path: Node | None
    value: Node | None
    shape: Node
    component: URIRef
    severity: Node
    messages: tuple[Literal, ...]
    source_constraint: Node | None = None


def run(compiled: CompiledShapes, select: SelectRunner, describe: Describe | None = None, *,
        workers: int = 1) -> list[ValidationResult]:
    """The results of every compiled query, rows read by :func:`results_of`; with ``workers`` above 1,
    that many queries run at once (:func:`select_each`)."""
    return results_of_rows(compiled, select_each([q.sparql for q in compiled.queries], select, workers), describe)


def results_of_rows(compiled: CompiledShapes, rows: Sequence[Iterable[Row]],
                    describe: Describe | None = None) -> list[ValidationResult]:
    """The results of the rows of every compiled query (in the order of ``compiled.queries``)."""
    name = Stringifier(default_namespaces(), describe)
    found: list[ValidationResult] = []
    for query, query_rows in zip(compiled.queries, rows, strict=True):
        found.extend(results_of(query, query_rows, name))
    return found


def select_each(texts: Sequence[str], select: SelectRunner, workers: int = 1) -> list[list[Row]]:
    """The rows of each query of ``texts``, in their order. With ``workers`` above 1 that many run at
    once on threads: Oxigraph evaluates a query without holding Python's lock, so on an embedded store
    the queries share the machine's cores (on 1,000,000 triples and two cores, 28 s became 17 s).
    The first error stops the queries not yet started and is raised."""
    return [rows for rows, _ in select_timed(texts, select, workers)]


def select_timed(texts: Sequence[str], select: SelectRunner, workers: int = 1,
                 expected: Sequence[float] | None = None) -> list[tuple[list[Row], float]]:
    """:func:`select_each`, with the seconds each query took. ``expected``, the seconds each query is
    expected to take (say, in an earlier run), starts the longest first, so that the threads finish
    close together instead of waiting for a long query started last."""
    def timed(text: str) -> tuple[list[Row], float]:
        start = time.perf_counter()
        rows = list(select(text))
        return rows, time.perf_counter() - start

    order = list(range(len(texts)))
    if expected is not None:
        order.sort(key=lambda i: -expected[i])
    if workers <= 1 or len(texts) < 2:
        found = [timed(texts[i]) for i in order]
    else:
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hisab-validate")
        try:
            found = list(pool.map(lambda i: timed(texts[i]), order))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    by_index = dict(zip(order, found, strict=True))
    return [by_index[i] for i in range(len(texts))]


def parallel_workers() -> int:
    """How many queries to run at once on an embedded store: the cores this process may use, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def conforms(results: Iterable[ValidationResult]) -> bool:
    """Whether no result has a severity other than Warning or Info (pyshacl with ``allow_warnings``)."""
    return all(r.severity in ALLOWED_SEVERITIES for r in results)


def results_of(query: CompiledQuery, rows: Iterable[Row], name: Callable[[Node], str]) -> Iterator[ValidationResult]:
    """The results the rows of one compiled query stand for."""
    if query.sparql_constraint is not None:
        yield from _sparql_results(query, rows)
        return
    seen: set[tuple] = set()
    for row in rows:
        key = tuple(row.get(v) for v in query.key)
        if key in seen:
            continue
        seen.add(key)
        focus = row["this"]
        assert focus is not None
        value = row.get(query.value_var) if query.value_var else (focus if query.value_is_focus else None)
        path = row.get(query.path_var) if query.path_var else query.path
        if query.messages:
            messages = query.messages
        elif query.generic is not None:
            messages = (Literal(query.generic.render(name, focus, value)),)
        else:
            messages = ()
        yield ValidationResult(focus, path, value, query.shape, query.component, query.severity,
                               tuple(dict.fromkeys(messages)))


def _sparql_results(query: CompiledQuery, rows: Iterable[Row]) -> Iterator[ValidationResult]:
    """Rows of a SPARQL-based constraint read as pyshacl reads them, focus node by focus node."""
    spec = query.sparql_constraint
    assert spec is not None
    seen: set[tuple] = set()
    for row in rows:
        focus = row["this"]
        assert focus is not None
        bound = {v: row[v] for v in spec.variables if row.get(v) is not None}
        if not spec.this_selected:
            bound.pop("this", None)
        result_value = focus if query.value_is_focus else None
        if bound.pop("failure", None) is not None:
            key: tuple = (focus, True)
            if key in seen:
                continue
            seen.add(key)
            yield _sparql_result(query, focus, query.path, result_value, bound)
            continue
        p, v, t = bound.pop("path", None), bound.pop("value", None), bound.pop("this", None)
        if p is None and v is None and t is None:
            continue
        key = (focus, t, p, v, frozenset(bound.items()))
        if key in seen:
            continue
        seen.add(key)
        value = result_value if v is None else v
        fills = dict(bound)
        for variable, term in (("this", t), ("path", p), ("value", value)):
            if term is not None:
                fills[variable] = term
        yield _sparql_result(query, t or focus, p if p is not None else query.path, value, fills)


def _sparql_result(query: CompiledQuery, focus: Node, path: Node | None, value: Node | None,
                   fills: dict[str, Node]) -> ValidationResult:
    spec = query.sparql_constraint
    assert spec is not None
    messages: list[Literal] = []
    for m in spec.messages:
        if m not in query.messages:
            messages.append(Literal(fill_template(str(m.value), fills)))
    for m in query.messages:
        messages.append(Literal(fill_template(str(m.value), fills)))
    return ValidationResult(focus, path, value, query.shape, query.component, query.severity,
                            tuple(dict.fromkeys(messages)), spec.node)


# --- the report graph -------------------------------------------------------------------------------

def report_graph(results: Sequence[ValidationResult], shapes: Graph, conforming: bool) -> Graph:
    """A standard SHACL validation report: sh:conforms and one sh:result per result, with blank-node
    shapes, paths and SPARQL constraints copied from the shapes graph (as pyshacl copies them)."""
    report = Graph(bind_namespaces="core")
    for prefix, namespace in shapes.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, namespace)
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(conforming)))
    copied: set[Node] = set()
    for result in results:
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.sourceConstraintComponent, result.component))
        report.add((node, SH.sourceShape, _copy(shapes, result.shape, report, copied)))
        report.add((node, SH.resultSeverity, result.severity))
        report.add((node, SH.focusNode, result.focus))
        if result.value is not None:
            report.add((node, SH.value, result.value))
        if result.path is not None:
            report.add((node, SH.resultPath, _copy(shapes, result.path, report, copied)))
        if result.source_constraint is not None:
            report.add((node, SH.sourceConstraint, _copy(shapes, result.source_constraint, report, copied)))
        for message in result.messages:
            report.add((node, SH.resultMessage, message))
    return report


def _copy(source: Graph, node: Node, target: Graph, copied: set[Node]) -> Node:
    """``node``, with the triples of a blank node (and of the blank nodes it leads to) copied."""
    stack = [node]
    while stack:
        current = stack.pop()
        if not isinstance(current, BNode) or current in copied:
            continue
        copied.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            stack.append(o)
    return node


# --- running on an embedded Oxigraph store ----------------------------------------------------------

def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
    """An Oxigraph term as an rdflib term, as oxrdflib makes it (rdflib writes a literal of a datatype it
    knows in its own canonical form: ``14:00:00.500000``), so that values read as in pyshacl's results."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term in a SHACL query row: {term!r}")


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"cannot write {term!r} as an Oxigraph term")


def oxigraph_select(store: ox.Store, default_graph: Sequence[str] | None = None) -> SelectRunner:
    """Run SELECTs on ``store``: over its default graph, or over the union of the named graphs
    ``default_graph`` (Oxigraph repeats a triple held by two of them: the compiled queries tolerate
    that for core constraints, but a SPARQL constraint that counts may not)."""
    options: dict[str, object] = {}
    if default_graph is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graph]

    def select(sparql: str) -> Iterator[Row]:
        solutions = store.query(sparql, **options)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            yield {n: from_ox(solution[n]) for n in names if solution[n] is not None}

    return select


def oxigraph_describe(store: ox.Store, graphs: Sequence[str] | None = None) -> Describe:
    """Describe blank nodes (for messages naming them) from the default graph of ``store``, or from
    its named graphs ``graphs``."""
    names = [ox.DefaultGraph()] if graphs is None else [ox.NamedNode(g) for g in graphs]

    def describe(node: BNode) -> list[tuple[Node, Node]]:
        return [(URIRef(q.predicate.value), from_ox(q.object))  # type: ignore[misc]
                for graph in names for q in store.quads_for_pattern(ox.BlankNode(str(node)), None, None, graph)]

    return describe
