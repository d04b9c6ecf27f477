"""Reasoning and validation inside a remote store (the Oxigraph server and Virtuoso) give the same
results as the embedded run: the same entailments, the same validation results, on the project's data
and on synthetic data with deliberate defects."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from hisab.build import load_and_validate
from hisab.layout import Layout
from hisab.namespaces import GRAPH_INFERRED, GRAPH_SHAPES
from hisab.remote import Credentials, RemoteStore
from hisab.remote_checks import reason_remote, validate_remote
from hisab.store import EmbeddedStore
from tests.conftest import ROOT, make_project, run_cli
from tests.servers import Server, both_servers, push_dataset


def _push(server: Server, cwd: Path, source: Path | None = None) -> None:
    push_dataset(server, run_cli, cwd, source)


def _remote(server: Server) -> RemoteStore:
    # the rules and the shapes name their graphs themselves: the plain query URL, not the union view
    return RemoteStore(server.query.split("?")[0], server.update, None,
                       Credentials(server.user, server.password) if server.user else None)


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> dict[str, Server]:
    try:
        with both_servers(tmp_path_factory.mktemp) as started:
            for server in started.values():
                _push(server, ROOT)
            yield started
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def embedded(layout: Layout):
    """The project's data with its entailments, validated in the embedded store."""
    store = EmbeddedStore()
    _, outcome = load_and_validate(layout, store, reasoned=True)
    return store, outcome


#: Virtuoso 7 evaluates the compiled shapes (all of them compile there) but finds violations that are not:
#: a transitive path (``?value rdf:type/rdfs:subClassOf* C``) joined with the focus nodes misses
#: subclasses it finds when asked alone, and ``sameTerm`` on an IRI it stores differs from the IRI
#: written in the query. Validation inside Virtuoso is therefore not to be trusted yet.
VIRTUOSO_VALIDATION = pytest.param("virtuoso", marks=pytest.mark.xfail(
    strict=True, reason="Virtuoso misses subclasses through rdfs:subClassOf* in joins, and sameTerm on IRIs"))


def _plain(triples) -> set:
    """Triples without blank nodes (their labels are each store's own)."""
    return {t for t in triples if not any(isinstance(x, ox.BlankNode) for x in t)}


@pytest.mark.parametrize("name", ["oxigraph", "virtuoso"])
def test_entailments_computed_inside_the_server_are_the_embedded_ones(servers, embedded, name: str) -> None:
    store, _ = embedded
    remote = _remote(servers[name])
    count = reason_remote(remote)
    mine = [(q.subject, q.predicate, q.object)
            for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(GRAPH_INFERRED)))]
    theirs = [tuple(ox.NamedNode(str(t)) if t.__class__.__name__ == "URIRef" else _ox(t) for t in row)
              for row in remote.graph_query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH_INFERRED}> "
                                            "{ ?s ?p ?o } }")]
    assert count == len(mine)
    assert _plain(theirs) == _plain(mine)
    names = {str(row[0]) for row in remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert not any(n.startswith("urn:hisab:reasoning:") for n in names), "no scratch graph is left behind"


def _ox(term):
    from oxrdflib._converter import to_ox

    return to_ox(term)


def _rows(outcome) -> list[tuple]:
    return sorted(((r.severity, r.focus, r.path, r.value, r.message, r.shape, r.node_shape, r.constraint)
                   for r in outcome.results), key=repr)


@pytest.mark.parametrize("name", ["oxigraph", VIRTUOSO_VALIDATION])
def test_validation_inside_the_server_gives_the_embedded_results(servers, embedded, name: str) -> None:
    store, outcome = embedded
    remote = _remote(servers[name])
    reason_remote(remote)
    theirs = validate_remote(remote, store.graph(str(GRAPH_SHAPES)), reasoned=True)
    assert theirs.conforms == outcome.conforms
    assert _rows(theirs) == _rows(outcome)


@pytest.mark.parametrize("name", ["oxigraph", VIRTUOSO_VALIDATION])
def test_defects_are_found_inside_the_server_as_in_the_embedded_store(servers, layout: Layout, tmp_path: Path,
                                                                      name: str) -> None:
    project = make_project(tmp_path / "project", layout)
    data = project / "data" / "reports" / "synthetic.ttl"
    assert run_cli("synth", "--incidents", "20", "--seed", "5", "--defects", "1", "--out", str(data),
                   cwd=project).code == 0
    expected = json.loads(data.with_name(data.name + ".defects.json").read_text(encoding="utf-8"))
    data.with_name(data.name + ".defects.json").unlink()
    built = run_cli("build", "--force", "--out", str(tmp_path / "defects.trig"), cwd=project)
    assert built.code == 0, built.err
    server = servers[name]
    _remote(server)._update("DROP SILENT ALL")  # the store holds the synthetic data set alone
    _push(server, project, tmp_path / "defects.trig")
    store = EmbeddedStore()
    _, outcome = load_and_validate(Layout(project), store)
    theirs = validate_remote(_remote(server), store.graph(str(GRAPH_SHAPES)))
    assert not theirs.conforms and len(theirs.results) >= len(expected) > 100
    mine, remote = _rows(outcome), _rows(theirs)
    extra, missing = [r for r in remote if r not in mine], [r for r in mine if r not in remote]
    assert not extra and not missing, f"extra {extra}, missing {missing}"
    assert remote == mine
    _remote(server)._update("DROP SILENT ALL")
    _push(server, ROOT)  # the project's own data again, for the other tests
