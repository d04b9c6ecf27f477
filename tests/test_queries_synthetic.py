"""Saved queries on synthetic data, for what the project's five reports do not show.

A figure about one incident may be restricted to a kind of incident (no report gives one); a query must
show that kind in the figure, not as the kind of claim.
"""

from __future__ import annotations

import pytest

from hisab.build import add_entailments
from hisab.layout import Layout
from hisab.load import load_project
from hisab.queries import bind, load_catalogue
from hisab.store import EmbeddedStore
from hisab.synth import synthesize
from tests.conftest import BASE_WORLD, make_project

HISAB = "https://w3id.org/hisab/ontology#"


@pytest.fixture(scope="module")
def store(tmp_path_factory, layout) -> EmbeddedStore:
    """Synthetic data with the ontology and its entailments, as ``hisab build --reason`` leaves them."""
    folder = tmp_path_factory.mktemp("synthetic-queries")
    root = make_project(folder / "project", layout, BASE_WORLD)
    synthesize(40, seed=7).write(root / "data" / "reports" / "synthetic.ttl")
    found = EmbeddedStore()
    add_entailments(found, load_project(Layout(root), found, None))
    return found


def _rows(store: EmbeddedStore, layout, name: str, **values: str) -> list[dict]:
    text, _ = bind(load_catalogue(layout.queries_dir)[name], values)
    result = store.query(text)
    return [{str(v): (row[v].toPython() if row[v] is not None else None) for v in result.vars} for row in result]


def test_a_figures_kind_of_incident_is_part_of_the_figure_not_the_claims_kind(store, layout) -> None:
    figure, incident = next(iter(store.oxigraph.query(
        f"SELECT ?figure ?incident WHERE {{ ?figure a <{HISAB}Tally> ; <{HISAB}aboutIncident> ?incident }} "
        "ORDER BY ?figure LIMIT 1", use_default_graph_as_union=True)))
    kind, label = next(iter(store.oxigraph.query(
        "SELECT ?kind ?label WHERE { ?kind <http://www.w3.org/2004/02/skos/core#inScheme> "
        "<https://w3id.org/hisab/scheme/incident-kind> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label "
        "FILTER (?kind != <https://w3id.org/hisab/scheme/incident-kind/all>) } ORDER BY ?kind LIMIT 1",
        use_default_graph_as_union=True)))
    store.oxigraph.update(f"INSERT DATA {{ GRAPH <urn:test:restriction> {{ {figure} <{HISAB}incidentKind> {kind} }} }}")
    rows = _rows(store, layout, "claims-about-incident", incident=incident.value)
    restricted = [r for r in rows if r["claim"] == figure.value]
    assert restricted and all(label.value in r["figure"] for r in restricted)
    assert all(label.value not in (r["kind"] or "") for r in rows)
