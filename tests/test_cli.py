"""The command line as a user runs it: validate, build, stats, evidence."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH

from hisab.namespaces import GRAPH_INFERRED, HISAB, ID
from hisab.validate import targeted_node_shapes

FIXTURES = Path(__file__).parent / "fixtures" / "cli"
BASE = FIXTURES / "base.ttl"
BROKEN = sorted(FIXTURES.glob("bad-*.ttl"))


def test_validate_project_data_conforms(cli):
    run = cli("validate")
    assert run.code == 0, run.out + run.err
    assert "CONFORMS" in run.out.splitlines()[-1]


def test_validate_json_and_warnings(cli):
    run = cli("validate", "--format", "json")
    report = json.loads(run.out)
    assert report["conforms"] is True and report["violations"] == 0
    assert report["warnings"] == len(report["results"]) > 0
    assert all(r["node_shape"] == "hsh:ConflictCharacterShape" for r in report["results"])


def test_validate_a_conforming_file_exits_0(cli):
    run = cli("validate", str(BASE))
    assert run.code == 0, run.out + run.err
    assert run.out.splitlines()[-1].startswith("CONFORMS: 0 violations")


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.stem for p in BROKEN])
def test_validate_exits_1_on_each_non_conforming_fixture(cli, fixture):
    run = cli("validate", str(BASE), str(fixture))
    assert run.code == 1, run.out
    assert "DOES NOT CONFORM" in run.out


def test_validate_turtle_is_a_shacl_report(cli):
    run = cli("validate", "--format", "turtle", str(BASE), str(FIXTURES / "bad-tally.ttl"))
    assert run.code == 1
    report = Graph().parse(data=run.out, format="turtle")
    assert (None, RDF.type, SH.ValidationReport) in report
    focus = set(report.objects(None, SH.focusNode))
    assert URIRef(ID["test/tally-bad"]) in focus


def test_validate_junit_has_one_case_per_shape(cli):
    run = cli("validate", "--format", "junit", str(BASE), str(FIXTURES / "bad-tally.ttl"))
    suite = ET.fromstring(run.out)
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    shapes = Graph()
    for path in (Path(__file__).parents[1] / "shapes").glob("*.ttl"):
        shapes.parse(path)
    assert len(cases) == len(targeted_node_shapes(shapes))  # one case per shape that selects nodes
    assert cases["hsh:TallyShape"].find("failure") is not None
    assert cases["hsh:ObservationStructureShape"].find("failure") is not None
    assert cases["hsh:PlaceShape"].find("failure") is None
    assert suite.get("failures") == "2"


def test_validate_text_groups_by_focus_with_labels(cli):
    run = cli("validate", str(BASE), str(FIXTURES / "bad-place.ttl"))
    assert "Building  (hid:test/facility-bad)" in run.out
    assert "takes a concept of the object category scheme" in run.out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import run_cli

    out = tmp_path_factory.mktemp("build") / "hisab.trig"
    run = run_cli("build", "--reason", "--out", str(out))
    assert run.code == 0, run.err
    return out


def test_build_writes_dataset_and_manifest(built):
    manifest = json.loads(built.with_name(built.name + ".manifest.json").read_text())
    assert manifest["validation"]["conforms"] is True
    assert manifest["graphs"][str(GRAPH_INFERRED)] == manifest["inferred_triples"] > 0
    assert any(i["path"].startswith("data/reports/") and len(i["sha256"]) == 64 for i in manifest["inputs"])
    dataset = Dataset()
    dataset.parse(built, format="trig")
    for name, count in manifest["graphs"].items():
        assert len(dataset.graph(URIRef(name))) == count, name


def test_reasoning_adds_entailments_in_their_own_graph(built):
    dataset = Dataset()
    dataset.parse(built, format="trig")
    inferred = dataset.graph(URIRef(str(GRAPH_INFERRED)))
    murder = URIRef(ID["provision/rome-statute-art-8-2-c-i"])
    attribution = URIRef(ID["claim/003-attribution-russian-forces"])
    # transitive part-of: a sub-paragraph is part of the statute
    assert (murder, HISAB.partOfTransitive, URIRef(ID["instrument/rome-statute"])) in inferred
    # super-property: an attribution implicates the actor it names
    assert (attribution, HISAB.implicates, URIRef(ID["actor/russian-forces"])) in inferred
    # superclass typing
    assert (attribution, RDF.type, HISAB.Claim) in inferred
    # asserted triples are not repeated in the inferred graph
    asserted = [g for g in dataset.graphs() if str(g.identifier).startswith(str(ID["graph/data/"]))]
    assert all((s, p, o) not in inferred for g in asserted for s, p, o in g)


def test_build_refuses_non_conforming_data_and_writes_nothing(cli, tmp_path, layout):
    import shutil

    copy = tmp_path / "project"
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(layout.root / name, copy / name)
    shutil.copy(BASE, copy / "data" / "base.ttl")
    shutil.copy(FIXTURES / "bad-tally.ttl", copy / "data" / "bad.ttl")
    out = tmp_path / "out" / "hisab.trig"
    run = cli("build", "--out", str(out), cwd=copy)
    assert run.code == 1
    assert "does not conform" in run.err
    assert not out.exists()
    forced = cli("build", "--force", "--out", str(out), cwd=copy)
    assert forced.code == 0 and out.exists()


def test_stats_lists_every_encoded_report(cli, layout):
    run = cli("stats", "--format", "json")
    assert run.code == 0, run.err
    stats = json.loads(run.out)
    files = {row["file"] for row in stats["per_source"]}
    reports = {p.stem for p in (layout.data_dir / "reports").glob("*.ttl")}
    assert len(files) == len(reports)
    assert all(row["tallies"] > 0 and row["allegations"] + row["demands"] > 0 for row in stats["per_source"])
    assert stats["totals"]["incidents"] >= 5


def test_help_has_examples(cli):
    for command in ("build", "validate", "stats"):
        run = cli(command, "--help")
        assert run.code == 0 and "Example" in run.out


def test_store_on_disk(cli, tmp_path):
    store = tmp_path / "store"
    run = cli("--store", str(store), "stats")
    assert run.code == 0
    assert store.is_dir() and any(store.iterdir())


def test_store_folder_that_is_not_a_store_is_never_emptied(cli, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "precious.txt").write_text("keep me")
    run = cli("--store", str(folder), "stats")
    assert run.code == 2 and "is not a Hisab store" in run.err
    assert (folder / "precious.txt").read_text() == "keep me"
    again = tmp_path / "store"
    assert cli("--store", str(again), "stats").code == 0
    assert cli("--store", str(again), "stats").code == 0  # a store hisab made is rebuilt in place
