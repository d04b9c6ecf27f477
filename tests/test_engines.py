"""The same saved queries give the same answers on the embedded store, the Oxigraph server and
Virtuoso, after the dataset is pushed to each with 'hisab load'."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal

from hisab.errors import HisabError
from hisab.queries import bind, load_catalogue
from hisab.remote import RemoteStore
from tests.conftest import ROOT, run_cli
from tests.servers import Server, both_servers, push_dataset

CATALOGUE = load_catalogue(ROOT / "queries")

# Parameter values to compare beyond the defaults.
EXTRA = {
    "civilian-deaths-by-perpetrator": [{"perpetrator": "actor:syrian-regime-forces"}, {"perpetrator": "actor:russia"}],
    "incidents-attributed-to-actor": [{"actor": "actor:syrian-russian-alliance"}, {"actor": "actor:syrian-regime"},
                                      {"actor": "actor:russian-air-force"}],
    "chain-of-responsibility": [{"actor": "actor:russian-air-force"}],
    "agreements-sponsored-by-actor": [{"actor": "actor:united-states"}],
    "claims-by-provision": [{"provision": "provision:rome-statute-art-7"}, {"provision": "instrument:s-res-2254-2015"}],
    "demands-to-body": [{"addressee": "actor:ohchr"}],
    "timeline": [{"from": "2017-01-01", "to": "2017-12-31"}],
    "incidents-between-dates": [{"from": "2019-01-01", "to": "2019-12-31"}, {"from": "2017-04-01", "to": "2017-04-30"}],
    "figures-by-category": [{"category": "category:civilians-killed", "area": "place:aleppo-governorate"}],
    "claims-about-incident": [{"incident": "incident:al-atareb-market-2017-11-13"}],
    "accusations-against-actor": [{"actor": "actor:syrian-regime"}],
    "agreement-breaches": [{"agreement": "agreement:de-escalation"}],
    "incidents-within-agreement-reach": [{"agreement": "agreement:de-escalation"}],
}
# only the cases whose query and parameters exist (a renamed parameter must not silently skip a case)
for _name, _cases in EXTRA.items():
    assert _name in CATALOGUE, f"EXTRA names {_name}, which is not a saved query"
    for _values in _cases:
        assert set(_values) <= {p.name for p in CATALOGUE[_name].params}, (_name, _values)
CASES = [(name, {}) for name in sorted(CATALOGUE)] + [(n, v) for n, vs in sorted(EXTRA.items()) for v in vs]


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> dict[str, Server]:
    try:
        with both_servers(tmp_path_factory.mktemp) as started:
            for server in started.values():
                push_dataset(server, run_cli, ROOT)
            yield started
    except RuntimeError as exc:
        pytest.fail(str(exc))


def _normal(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return ("number", float(value))
        text = str(term)
        # GROUP_CONCAT leaves the order of its items unspecified (SPARQL 1.1, 18.5.1.7): compare them as a set
        return ("text", frozenset(text.split("; "))) if "; " in text else ("text", text)
    return ("term", str(term))


def _answer(store, name: str, values: dict) -> set:
    text, _ = bind(CATALOGUE[name], values)
    return {tuple(_normal(t) for t in row) for row in store.query(text)}


@pytest.mark.parametrize("name, values", CASES, ids=[f"{n}{'-' + '-'.join(v.values()) if v else ''}" for n, v in CASES])
def test_three_engines_agree(project, servers, name, values):
    embedded = _answer(project.store, name, values)
    for server in servers.values():
        remote = _answer(RemoteStore(server.query), name, values)
        assert remote == embedded, f"{server.name} differs from the embedded store on {name}"


def test_every_graph_arrived_whole(project, servers):
    for server in servers.values():
        remote = RemoteStore(server.query)
        for graph in project.data_graphs:
            assert remote.count(graph) == project.store.count(graph), (server.name, graph)


def test_blank_nodes_survive_batching(project, servers):
    """Every evidence span still has its selector with start and end after loading in batches."""
    query = """PREFIX hisab: <https://w3id.org/hisab/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
               SELECT (COUNT(DISTINCT ?span) AS ?n) WHERE { ?span a hisab:EvidenceSpan ; oa:hasSelector ?s .
                                                          ?s oa:start ?a ; oa:end ?b }"""
    expected = int(next(iter(project.store.query(query)))[0])
    for server in servers.values():
        rows = list(RemoteStore(server.query).query(query))
        assert int(rows[0][0]) == expected, server.name


def test_load_refused_by_the_server_fails_clearly(servers):
    virtuoso = servers["virtuoso"]
    run = run_cli("load", "--endpoint", virtuoso.query, "--update", virtuoso.update,
                  "--graph-store", virtuoso.graph_store, "--user", "dba", "--password", "wrong")
    assert run.code == 2
    assert "refused" in run.err and "401" in run.err
    assert "loaded" not in run.out


def test_load_to_a_dead_endpoint_fails_clearly():
    from tests.servers import free_port

    port = free_port()
    run = run_cli("load", "--endpoint", f"http://127.0.0.1:{port}/query", "--graph-store", f"http://127.0.0.1:{port}/store")
    assert run.code == 2
    assert "connection failed" in run.err
    assert "loaded" not in run.out


def test_query_on_an_endpoint_from_the_cli(servers):
    run = run_cli("query", "chain-of-responsibility", "--endpoint", servers["virtuoso"].query, "--format", "csv")
    assert run.code == 0, run.err
    assert "Russian Federation" in run.out


def test_remote_query_errors_are_clear(servers):
    with pytest.raises(HisabError, match="the query failed"):
        RemoteStore(servers["oxigraph"].query).query("SELECT ?x WHERE { ?x ")
