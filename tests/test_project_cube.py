"""The project's figures as an RDF Data Cube: well-formed by the W3C integrity constraints, one data
set per source and structure, totals and parts linked instead of summed."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from hisab.datacube import IC_IDS, check, spec_ask
from hisab.namespaces import GRAPH_IMPORTS, GRAPH_ONTOLOGY

QB = "http://purl.org/linked-data/cube#"
HISAB = "https://w3id.org/hisab/ontology#"


@pytest.fixture(scope="module")
def cube(project) -> Graph:
    """Ontology, imports and all data in one graph, as the integrity constraints read them."""
    graph = Graph()
    for name in [str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS), *project.data_graphs]:
        for triple in project.store.graph(name):
            graph.add(triple)
    return graph


def test_the_figures_pass_every_integrity_constraint(cube):
    failures = check(cube)
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("ic", ["IC-1", "IC-2", "IC-3", "IC-4", "IC-11", "IC-12", "IC-14", "IC-19"])
def test_the_spec_queries_agree(cube, ic):
    """The spec's own ASK text, as printed, on the normalised graph (the cheaper ones)."""
    assert ic in IC_IDS
    assert spec_ask(cube, ic) is False


def test_a_collision_between_two_sources_is_impossible(project):
    """Each data set holds the figures of one document, so two reports giving a figure for the same
    dimensions never collide (IC-12)."""
    rows = project.select(f"""
        PREFIX qb: <{QB}> PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX hisab: <{HISAB}>
        SELECT ?dataset (COUNT(DISTINCT ?doc) AS ?docs) WHERE {{
            ?obs qb:dataSet ?dataset ; hisab:statedIn ?doc .
        }} GROUP BY ?dataset""")
    assert len(rows) >= 9  # five reports, each with aggregate and incident figures where it has them
    assert all(r["docs"] == 1 for r in rows)
    derived = project.select(f"""
        PREFIX qb: <{QB}> PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX hisab: <{HISAB}>
        SELECT ?obs WHERE {{
            ?obs qb:dataSet ?dataset ; hisab:statedIn ?doc .
            FILTER NOT EXISTS {{ ?dataset prov:wasDerivedFrom ?doc }}
        }}""")
    assert derived == []


def test_every_coded_dimension_has_a_code_list(cube):
    dimensions = set(cube.subjects(URIRef(f"{QB}codeList"), None))
    coded = {URIRef(HISAB + p) for p in ("category", "incidentKind", "objectCategory", "weapon")}
    assert coded <= dimensions


def test_a_part_is_never_larger_than_its_exact_total(project):
    rows = project.select(f"""
        PREFIX hisab: <{HISAB}>
        SELECT ?part ?total ?p ?t WHERE {{
            ?part hisab:partOfTotal ?total ; hisab:count ?p .
            ?total hisab:count ?t ; hisab:valueQualifier <https://w3id.org/hisab/scheme/qualifier/exact> .
            FILTER (?p > ?t)
        }}""")
    assert rows == []


def test_the_totals_the_issue_names_are_linked_to_their_parts(project):
    """83 killed in massacres within the 156 killed by Russian forces (004); the 109 mosques within the
    ≥ 707 attacks on vital facilities (001); the 4 Russian and 1 undetermined cluster attacks within
    the 5 (000)."""
    rows = project.select(f"""
        PREFIX hisab: <{HISAB}>
        SELECT ?p ?t WHERE {{ ?part hisab:partOfTotal ?total ; hisab:count ?p . ?total hisab:count ?t }}""")
    pairs = {(r["p"], r["t"]) for r in rows}
    assert {(83, 156), (109, 707), (4, 5), (1, 5)} <= pairs
