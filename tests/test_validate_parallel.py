"""Validation on several threads and a merged copy kept between a build's two validations: the same
results as one query at a time on a fresh copy."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from hisab import shacl_run
from hisab.layout import Layout
from hisab.load import load_project
from hisab.namespaces import GRAPH_ONTOLOGY, GRAPH_SHAPES
from hisab.shacl_run import select_each
from hisab.store import EmbeddedStore
from hisab.synth import synthesize
from hisab.validate import MergedCopy, StoreLabels, compiled_shapes, outcome_of, validate_store
from tests.conftest import BASE_WORLD, make_project


def test_select_each_keeps_the_order_and_uses_threads() -> None:
    """Rows come back in the order of the queries whatever finishes first, from worker threads."""
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                         ox.Literal(str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
                 for i in range(200))
    threads: set[str] = set()
    select = shacl_run.oxigraph_select(store)

    def recording(text: str):
        threads.add(threading.current_thread().name)
        return select(text)

    texts = [f"SELECT ?s WHERE {{ ?s ?p ?o FILTER (?o < {n}) }}" for n in (150, 1, 80, 0, 200)]
    serial = select_each(texts, select, workers=1)
    assert [len(rows) for rows in serial] == [150, 1, 80, 0, 200]
    assert select_each(texts, recording, workers=2) == serial
    assert any(name.startswith("hisab-validate") for name in threads)


def test_select_each_raises_the_first_error() -> None:
    """A query that fails stops the run with its error, not a hang or a partial list."""
    select = shacl_run.oxigraph_select(ox.Store())
    with pytest.raises(SyntaxError):
        select_each(["SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p"], select, workers=2)


def test_a_merged_copy_refuses_to_validate_fewer_graphs_than_it_holds() -> None:
    """A copy holding the entailments cannot stand for the asserted data alone."""
    store = ox.Store()
    merged = MergedCopy(store)
    merged.add(["urn:a", "urn:b"])
    merged.add(["urn:a", "urn:b", "urn:c"])
    assert merged.graphs == ["urn:a", "urn:b", "urn:c"]
    with pytest.raises(ValueError, match="urn:c"):
        merged.add(["urn:a", "urn:b"])


def test_a_merged_copy_extended_validates_as_fresh_serial_copies(tmp_path: Path, layout: Layout) -> None:
    """The data validated on a merged copy, then the data with a second graph on the same copy extended,
    on threads: the results of each are those of a fresh copy checked one query at a time. The second
    graph repeats identifiers of the first with other values, so it changes the results."""
    root = make_project(tmp_path / "project", layout, BASE_WORLD)
    synthesize(25, seed=11, defects=1.0).write(root / "data" / "reports" / "a.ttl")
    synthesize(25, seed=12).write(root / "data" / "reports" / "b.ttl")
    store = EmbeddedStore()
    graphs = load_project(Layout(root), store).graphs["data"]
    a = [g for g in graphs if not g.endswith("/b")]
    shapes = store.graph(str(GRAPH_SHAPES))
    compiled = compiled_shapes(shapes)

    def serial(graphs: list[str]) -> list:
        target = ox.Store()
        for name in [*graphs, str(GRAPH_ONTOLOGY)]:
            target.load(store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)),
                        format=ox.RdfFormat.N_TRIPLES)
        results = shacl_run.run(compiled, shacl_run.oxigraph_select(target), shacl_run.oxigraph_describe(target))
        return outcome_of(results, compiled, StoreLabels(store.oxigraph, graphs, [str(GRAPH_ONTOLOGY)])).results

    merged = MergedCopy(store.oxigraph)
    first = validate_store(store.oxigraph, a, shapes, copy=merged)
    assert len(first.results) > 50 and first.results == serial(a)
    both = validate_store(store.oxigraph, graphs, shapes, copy=merged)
    assert sorted(merged.graphs) == sorted([*graphs, str(GRAPH_ONTOLOGY)])
    assert set(both.results) != set(first.results)  # b adds results and mends some of a's defects
    assert both.results == serial(graphs)
