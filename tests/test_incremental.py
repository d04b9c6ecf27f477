"""Incremental validation of a persistent store: after data files change, only what the change can
affect is checked again, and the results are those of a full validation of the same files."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef, Variable
from rdflib.namespace import RDF

from hisab.build import Incremental, load_and_validate
from hisab.incremental import Checked, validate_folder_store
from hisab.layout import Layout
from hisab.load import load_project
from hisab.namespaces import GRAPH_ONTOLOGY, GRAPH_SHAPES, HISAB
from hisab.reuse import record, refresh_project
from hisab.shacl_reach import UNBOUNDED, Reach, path_reach, pattern_reach, sparql_reach
from hisab.shacl_shapes import SparqlText
from hisab.store import EmbeddedStore
from hisab.synth import synthesize
from hisab.validate import validate_store
from tests.conftest import BASE_WORLD, make_project, run_cli

SYNTHETIC = "synthetic.ttl"


class _Folder:
    """A project with a persistent store, validated run after run as ``hisab --store DIR validate`` does."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.layout = Layout(root)
        self.folder = root / "store"
        self.folder.mkdir()
        self.previous: dict | None = None

    def validate(self) -> tuple[list, Checked]:
        store = EmbeddedStore(self.folder / "oxigraph")
        try:
            loaded, _ = refresh_project(self.layout, store, None, self.previous)
            graphs = loaded.graphs["data"]
            inputs = {kind: record(self.layout, loaded, reasoned=False)["hashes"][kind] for kind in loaded.files}
            done = validate_folder_store(store.oxigraph, self.folder, graphs, [str(GRAPH_ONTOLOGY)],
                                         store.graph(str(GRAPH_SHAPES)), inputs,
                                         self.previous["hashes"] if self.previous else None, loaded.changed)
            assert done is not None
            self.previous = record(self.layout, loaded, reasoned=False)
            return _rows(done[0]), done[1]
        finally:
            store.close()
            del store
            gc.collect()  # the on-disk database is locked while any handle lives

    def add_to_report(self, turtle: str) -> str:
        """Append ``turtle`` to the base world's report file; returns the file's text before."""
        report = self.root / "data" / "reports" / BASE_WORLD.name
        text = report.read_text(encoding="utf-8")
        report.write_text(text + "\n" + turtle + "\n", encoding="utf-8")
        return text

    def full(self) -> list:
        """The results of validating the same files afresh, in memory."""
        store = EmbeddedStore()
        loaded = load_project(self.layout, store, None)
        return _rows(validate_store(store.oxigraph, loaded.graphs["data"], store.graph(str(GRAPH_SHAPES))))


def _rows(outcome) -> list:
    return sorted(outcome.results, key=repr)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Path, Path]:
    """The same synthetic data without and with deliberate defects of every kind."""
    folder = tmp_path_factory.mktemp("synthetic")
    synthesize(25, seed=5).write(folder / "clean.ttl")
    synthesize(25, seed=5, defects=1.0).write(folder / "defects.ttl")
    return folder / "clean.ttl", folder / "defects.ttl"


@pytest.fixture
def project(tmp_path, layout, synthetic) -> _Folder:
    root = make_project(tmp_path / "project", layout, BASE_WORLD)
    shutil.copy(synthetic[0], root / "data" / "reports" / SYNTHETIC)
    return _Folder(root)


def test_defects_found_incrementally_are_those_of_a_full_run(project, synthetic):
    first, checked = project.validate()
    assert checked.how == "full" and first == project.full()
    shutil.copy(synthetic[1], project.root / "data" / "reports" / SYNTHETIC)
    found, checked = project.validate()
    assert checked.how == "incremental", checked.describe()
    assert checked.rerun > checked.full > 0
    full = project.full()
    assert len(full) > 100  # every kind of defect the generator injects
    assert found == full
    shutil.copy(synthetic[0], project.root / "data" / "reports" / SYNTHETIC)
    found, checked = project.validate()
    assert checked.how == "incremental"
    assert found == project.full() == first


def test_a_small_edit_rechecks_only_the_nodes_near_it(project):
    project.validate()
    project.add_to_report("t:added-by-test a hisab:Incident .")
    found, checked = project.validate()
    assert checked.how == "incremental"
    # the file's blank nodes are new ones after a reload, so their triples change too; the synthetic
    # file's thousands of nodes are not near the change
    assert 0 < checked.changed < 250 and 0 < checked.near < 250
    assert found == project.full()
    assert any("added-by-test" in str(r.focus) for r in found)  # an incident without what it needs


def test_a_name_added_far_from_the_nodes_it_concerns_is_found(project):
    """IncidentShape compares every incident's label with every actor's name: an actor added anywhere
    is checked against incidents that are nowhere near it, and removing it clears the result."""
    project.validate()
    text = project.add_to_report('t:market-raiders a hisab:ArmedForce ; rdfs:label "Riverton market" .')
    found, checked = project.validate()
    assert checked.how == "incremental" and checked.full == 1, checked.describe()  # the label check, in full
    named = "names an actor (Riverton market)"
    assert any(str(r.focus).endswith("test/incident") and named in r.message for r in found)
    assert found == project.full()
    (project.root / "data" / "reports" / BASE_WORLD.name).write_text(text, encoding="utf-8")
    found, checked = project.validate()
    assert checked.how == "incremental" and checked.full == 1
    assert not any("names an actor" in r.message for r in found)
    assert found == project.full()


def test_a_change_that_names_no_actor_checks_every_constraint_near_it_only(project):
    project.validate()
    project.add_to_report('t:incident skos:altLabel "Market strike" .')
    found, checked = project.validate()
    assert (checked.how, checked.full) == ("incremental", 0), checked.describe()
    assert checked.rerun > 0 and found == project.full()


def test_removed_and_added_files(project):
    project.validate()
    moved = project.root / SYNTHETIC
    shutil.move(project.root / "data" / "reports" / SYNTHETIC, moved)
    found, checked = project.validate()
    assert checked.how == "incremental" and found == project.full()
    shutil.move(moved, project.root / "data" / "reports" / SYNTHETIC)
    found, checked = project.validate()
    assert checked.how == "incremental" and found == project.full()


def test_nothing_changed_runs_no_query(project):
    first, _ = project.validate()
    again, checked = project.validate()
    assert (checked.how, checked.changed, checked.rerun, checked.full) == ("incremental", 0, 0, 0)
    assert again == first


def test_a_change_to_the_schema_checks_everything(project):
    project.validate()
    project.add_to_report("hisab:Skirmish rdfs:subClassOf hisab:Incident .")
    found, checked = project.validate()
    assert checked.how == "full" and "classes or properties" in checked.reason
    assert found == project.full()


def test_a_damaged_view_is_rebuilt(project, synthetic):
    project.validate()
    (project.folder / "validation" / "rows.json").write_text("[1, {", encoding="utf-8")
    shutil.copy(synthetic[1], project.root / "data" / "reports" / SYNTHETIC)
    found, checked = project.validate()
    assert checked.how == "full" and found == project.full()
    (project.folder / "validation" / "hisab-validation.json").write_text("{", encoding="utf-8")
    shutil.copy(synthetic[0], project.root / "data" / "reports" / SYNTHETIC)
    found, checked = project.validate()
    assert checked.how == "full" and found == project.full()


def test_a_folder_hisab_did_not_make_is_left_alone(tmp_path, layout):
    root = make_project(tmp_path / "project", layout, BASE_WORLD)
    mine = root / "store" / "validation"
    mine.mkdir(parents=True)
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    store = EmbeddedStore(root / "store" / "oxigraph")
    try:
        loaded = load_project(Layout(root), store, None)
        notes: list[str] = []
        _, outcome = load_and_validate(Layout(root), store, None, loader=lambda *a, **k: loaded,
                                       incremental=Incremental(root / "store", None, notes.append))
    finally:
        store.close()
    assert outcome.conforms and notes == []
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


def test_the_cli_says_what_it_checked_and_agrees_with_a_full_run(tmp_path, layout):
    root = make_project(tmp_path / "project", layout, BASE_WORLD)
    store = str(tmp_path / "store")
    first = run_cli("--store", store, "validate", cwd=root)
    assert first.code == 0, first.err
    assert "validated everything" in first.err
    report = root / "data" / "reports" / BASE_WORLD.name
    report.write_text(report.read_text(encoding="utf-8") + "\nt:added-by-test a hisab:Incident .\n",
                      encoding="utf-8")
    again = run_cli("--store", store, "validate", cwd=root)
    fresh = run_cli("validate", cwd=root)
    assert again.code == fresh.code == 1
    assert "validated what the change can affect:" in again.err
    assert again.out == fresh.out


# --- how far a shape reads ------------------------------------------------------------------------

A, B = URIRef("https://example.org/a"), URIRef("https://example.org/b")


def _parsed(path: str):
    from hisab.shacl_reach import _parse_path

    return _parse_path(path)


def test_path_reach():
    assert path_reach(A) == Reach(1, frozenset())
    assert path_reach(_parsed(f"<{A}>/^<{B}>")) == Reach(2, frozenset({B}))
    assert path_reach(_parsed(f"<{A}>|(<{A}>/<{B}>)")) == Reach(2, frozenset())
    assert path_reach(_parsed(f"<{A}>?")) == Reach(1, frozenset())
    assert path_reach(_parsed(f"<{A}>/<{B}>*")) == Reach(1, frozenset(), frozenset({B}))  # B's steps not counted
    assert not path_reach(_parsed(f"(!<{A}>)*")).bounded  # any predicate, any number of times
    assert path_reach(_parsed(f"<{RDF.type}>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*")) \
        == Reach(1, frozenset())


def _reach(select: str) -> Reach:
    return sparql_reach(SparqlText(select, {"hisab": str(HISAB), "ex": "https://example.org/"}))


def test_sparql_reach_follows_joins_from_this():
    local = _reach("SELECT $this WHERE { $this ex:a ?x . ?x ex:b ?y . FILTER NOT EXISTS { ?z ex:c ?y } }")
    assert local.bounded and local.depth == 3
    assert local.inverted == frozenset({URIRef("https://example.org/c")})  # ?z is found from ?y


def test_sparql_reach_sees_a_filter_nested_in_an_exists():
    """rdflib's algebra drops a FILTER inside an EXISTS; the reach is read from the syntax tree, so a
    walk hidden there still counts (here two more steps, one of them backwards)."""
    nested = _reach("SELECT $this WHERE { $this ex:a ?x . "
                    "FILTER NOT EXISTS { ?x ex:b ?y . FILTER EXISTS { ?y ex:c ?z . ?w ex:d ?z } } }")
    assert nested.bounded and nested.depth == 4
    assert nested.inverted == frozenset({URIRef("https://example.org/d")})
    # any predicate followed backwards, only inside the nested filter: no bound
    assert not _reach("SELECT $this WHERE { $this ex:a ?x . "
                      "FILTER NOT EXISTS { ?x ex:b ?y . FILTER EXISTS { ?w ?any ?y } } }").bounded


@pytest.mark.parametrize("select", [
    # compares with nodes anywhere, in a part that not every solution matches
    "SELECT $this WHERE { $this ex:label ?l . OPTIONAL { ?other ex:label2 ?m FILTER (?l = ?m) } }",
    "SELECT $this WHERE { $this ex:label ?l . FILTER NOT EXISTS { ?other ex:label2 ?l2 } }",
    "SELECT $this WHERE { $this ex:label ?l . { ?other ex:label2 ?m } UNION { $this ex:label3 ?m } }",
    "SELECT $this WHERE { $this ex:label ?l . MINUS { ?other ex:label2 ?m } }",
    # the second branch's rows do not join ?v to $this, whatever the first branch does
    "SELECT $this WHERE { $this ex:p ?x . { ?x ex:r ?v } UNION { ?w ex:t ?u } ?v ex:q ?w . ?w ex:s ?z }",
    "SELECT $this WHERE { $this ex:label ?l . ?other ?p ?m }",  # any predicate, anywhere
    "SELECT $this WHERE { $this a ?c . ?other a ?c . ?other ex:a ?v }",  # joins through a class
    "SELECT $this WHERE { $this ex:a ?x . ?x (!ex:b)+ ?y }",  # any predicate, any number of times
    "SELECT $this WHERE { $this ex:a ?x . ?y a/ex:b* ?x }",  # through the class of anything
    "SELECT $this WHERE { ?x ?p $this }",  # any predicate backwards
    "SELECT $this WHERE { this is not SPARQL }",
])
def test_sparql_reach_without_bound(select):
    assert not _reach(select).bounded


def test_a_required_pattern_not_joined_to_this_is_a_detached_component():
    reach = _reach("SELECT $this WHERE { $this ex:label ?l . ?other a ?c ; ex:label2 ?m . ?c ex:kind [] ."
                   " ?x ex:d ex:e FILTER (?l = ?m) }")
    assert reach.bounded and reach.depth == 1
    parts = sorted(sorted(p.text() for p in component) for component in reach.detached)
    assert parts == [["?c <https://example.org/kind> ?_detached0 .",
                      "?other <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?c .",
                      "?other <https://example.org/label2> ?m ."],
                     ["?x <https://example.org/d> <https://example.org/e> ."]]
    # a subquery's variables that it does not project are its own: here ?y is not the outer ?y
    reach = _reach("SELECT $this WHERE { $this ex:a ?y . { SELECT ?x WHERE { ?x ex:b ?y } } }")
    assert reach.depth == 1
    assert [[p.text() for p in c] for c in reach.detached] == [["?x <https://example.org/b> ?y_1 ."]]
    # a subquery's main group is required too; a path keeps the predicates it reads
    reach = _reach("SELECT $this WHERE { $this ex:label ?l . { SELECT (COUNT(*) AS ?n) WHERE { ?o ex:a/ex:b* ?v } } }")
    (pattern,), = reach.detached
    assert not pattern.direct and pattern.predicates == {"https://example.org/a", "https://example.org/b"}


def test_pattern_reach_of_constants_only_is_unbounded():
    assert pattern_reach([(A, B, A)]) == UNBOUNDED
    assert pattern_reach([(Variable("this"), B, A)]) == Reach(1, frozenset())


def test_the_project_shapes_are_mostly_bounded(layout):
    from hisab.shacl_reach import shape_reaches
    from hisab.shacl_shapes import ShapesModel
    from hisab.store import in_memory

    store = EmbeddedStore()
    load_project(layout, store, data_paths=[])
    reaches = shape_reaches(ShapesModel(in_memory(store.graph(str(GRAPH_SHAPES)))))
    bounded = [s for s, r in reaches.items() if r.bounded]
    assert len(bounded) > 0.7 * len(reaches)
    incident = reaches[URIRef("https://w3id.org/hisab/shapes#IncidentShape")]  # labels compared with every actor's
    assert incident.bounded and len(incident.detached) == 1
    sums = reaches[URIRef("https://w3id.org/hisab/shapes#SumOfPartsShape")]
    assert sums.bounded and sums.closure  # a + path: its predicates are followed without counting


def test_a_view_that_cannot_be_opened_falls_back_to_a_full_validation(project):
    project.validate()
    database = project.folder / "validation" / "oxigraph"
    shutil.rmtree(database)
    database.write_text("not a database", encoding="utf-8")  # a file where the database folder was
    store = EmbeddedStore(project.folder / "oxigraph")
    try:
        loaded, _ = refresh_project(project.layout, store, None, project.previous)
        notes: list[str] = []
        _, outcome = load_and_validate(project.layout, store, None, loader=lambda *a, **k: loaded,
                                       incremental=Incremental(project.folder, project.previous["hashes"],
                                                               notes.append))
    finally:
        store.close()
    assert notes == [] and sorted(outcome.results, key=repr) == project.full()
