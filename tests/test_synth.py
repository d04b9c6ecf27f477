"""``hisab synth``: synthetic data that conforms, is the same for the same seed, grows linearly, and whose
deliberate defects draw exactly the validation results it lists, no more and no fewer.

Validation is the slow part (seconds per few thousand triples), so the data validated here is small.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from hisab import synth
from hisab.layout import Layout
from hisab.load import load_project
from hisab.namespaces import compact
from hisab.store import EmbeddedStore
from hisab.synth import DEFECTS_SUFFIX, synthesize
from hisab.synth_defects import INCIDENT_KINDS, KINDS
from hisab.validate import ValidationOutcome, validate_graph
from tests.conftest import Vocabulary, make_project, run_cli

Key = tuple[str, str, str, str | None, str]


def _write(folder: Path, incidents: int, seed: int = 0, defects: float = 0.0, suffix: str = ".nt") -> Path:
    out = folder / f"synthetic-{incidents}-{seed}-{defects}{suffix}"
    synthesize(incidents, seed, defects).write(out)
    return out


def _validate(vocabulary: Vocabulary, layout: Layout, path: Path) -> ValidationOutcome:
    """Validate one file as ``hisab validate FILE`` does: its graph and the metadata graph."""
    store = EmbeddedStore()
    loaded = load_project(layout, store, [path])
    return validate_graph(store.union(loaded.graphs["data"]), vocabulary.shapes, vocabulary.ontology)


def _drawn(outcome: ValidationOutcome) -> Counter[Key]:
    """(focus, node shape, constraint, path, severity) of every result; complex paths as None."""
    return Counter((r.focus, r.node_shape, r.constraint, None if r.path == "[path]" else r.path, r.severity)
                   for r in outcome.results)


def _listed(rows: list[dict]) -> Counter[Key]:
    return Counter((compact(r["focus"]), r["node_shape"], r["constraint"], r["path"], r["severity"]) for r in rows)


def _defects_of(path: Path) -> list[dict]:
    return json.loads(path.with_name(path.name + DEFECTS_SUFFIX).read_text(encoding="utf-8"))


# --- (a) it conforms -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("incidents", [30, 75])
def test_output_conforms_without_a_single_result(tmp_path, vocabulary, layout, incidents):
    out = _write(tmp_path, incidents, seed=incidents)
    outcome = _validate(vocabulary, layout, out)
    assert [(r.node_shape, r.focus, r.message) for r in outcome.results] == []
    assert _defects_of(out) == []


def _without_blank_nodes(triples) -> tuple[set, int]:
    """The triples without blank nodes, and how many have one (parsers rename blank nodes)."""
    named, blank = set(), 0
    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            blank += 1
        else:
            named.add(t)
    return named, blank


def test_turtle_output_is_the_same_data(tmp_path):
    nt, ttl = _write(tmp_path, 25, suffix=".nt"), _write(tmp_path, 25, suffix=".ttl")
    base = ox.NamedNode("https://w3id.org/hisab/id/graph/data/synthetic")
    from_ttl = list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE, base_iri=base.value))
    provenance = [t for t in from_ttl if t.subject == base]
    assert provenance and all(t.predicate.value.endswith("#wasDerivedFrom") for t in provenance)
    from_nt = ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    assert _without_blank_nodes(t for t in from_ttl if t.subject != base) == _without_blank_nodes(from_nt)


def test_everything_is_obviously_synthetic(tmp_path):
    store = ox.Store()
    store.load(path=str(_write(tmp_path, 20, defects=0.5)), format=ox.RdfFormat.N_TRIPLES)
    for triple in store:
        if isinstance(triple.subject, ox.NamedNode) and triple.subject.value.startswith("https://w3id.org/hisab/id/"):
            assert triple.subject.value.startswith(synth.SYNTHETIC), triple
        if triple.predicate.value.endswith(("#label", "#prefLabel", "/title")):
            assert triple.object.value.startswith("Synthetic"), triple
    undeclared = store.query("""PREFIX hisab: <https://w3id.org/hisab/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?document WHERE { ?document a hisab:SourceDocument ; dcterms:publisher ?publisher .
            FILTER NOT EXISTS { ?document dcterms:description ?d FILTER (CONTAINS(STR(?d), "not a real report")) }
            FILTER (!CONTAINS(STR(?document), "/defect/")) }""")
    assert list(undeclared) == []


def test_source_texts_match_their_hashes_and_spans(tmp_path):
    out, texts = tmp_path / "texts.nt", tmp_path / "texts"
    synthesize(15, 4).write(out, texts=texts)
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.N_TRIPLES)
    rows = store.query("""PREFIX hisab: <https://w3id.org/hisab/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?name ?sha ?length ?start ?end WHERE {
            ?document hisab:localFileName ?name ; hisab:sha256 ?sha ; hisab:characterCount ?length .
            OPTIONAL { ?span oa:hasSource ?document ; oa:hasSelector [ oa:start ?start ; oa:end ?end ] } }""")
    checked = 0
    for row in rows:
        content = (texts / row["name"].value).read_text(encoding="ascii")
        assert len(content) == int(row["length"].value)
        assert hashlib.sha256(content.encode()).hexdigest() == row["sha"].value
        if row["start"] is not None:
            passage = content[int(row["start"].value):int(row["end"].value)]
            assert passage and "\n" not in passage
            checked += 1
    assert checked > 20


# --- (b) the same seed gives the same bytes ----------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".nt", ".ttl"])
def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, suffix):
    first = _write(tmp_path / "one", 60, seed=3, defects=0.5, suffix=suffix)
    again = _write(tmp_path / "two", 60, seed=3, defects=0.5, suffix=suffix)
    other = _write(tmp_path / "three", 60, seed=4, defects=0.5, suffix=suffix)
    assert first.read_bytes() == again.read_bytes()
    assert _defects_of(first) == _defects_of(again)
    assert first.read_bytes() != other.read_bytes()


# --- (c) linear growth, as stated -------------------------------------------------------------------------------

def _stated_triples() -> dict[int, int]:
    table = re.findall(r"^([\d,]+)\s+([\d,]+)\s+\d+\s", synth.__doc__ or "", re.M)
    return {int(n.replace(",", "")): int(t.replace(",", "")) for n, t in table}


def _triples(tmp_path: Path, incidents: int) -> int:
    out = tmp_path / f"count-{incidents}.nt"
    summary = synthesize(incidents, 0).write(out)
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == summary.triples  # no triple written twice
    return summary.triples


def test_triples_grow_linearly_as_stated(tmp_path):
    stated = _stated_triples()
    assert sorted(stated) == [100, 1_000, 10_000]
    counts = {n: _triples(tmp_path, n) for n in (100, 200, 400, 1_000)}
    assert counts[100] == stated[100] and counts[1_000] == stated[1_000]
    slope = (counts[1_000] - counts[100]) / 900
    assert 80 < slope < 160
    assert abs((counts[400] - counts[200]) / 200 - slope) < 0.1 * slope


# --- (d) defects draw exactly what they list ----------------------------------------------------------------------

def test_defects_draw_exactly_the_listed_results(tmp_path, vocabulary, layout):
    assert len(INCIDENT_KINDS) <= 20
    out = _write(tmp_path, 20, seed=11, defects=0.2)
    rows = _defects_of(out)
    assert {r["kind"] for r in rows} == set(KINDS)  # every kind, once N is large enough
    outcome = _validate(vocabulary, layout, out)
    drawn, listed = _drawn(outcome), _listed(rows)
    assert drawn - listed == Counter(), "drawn but not listed"
    assert listed - drawn == Counter(), "listed but not drawn"
    assert not outcome.conforms


def test_defect_plan_follows_the_rate():
    small = synthesize(10, 0, 0.3)
    assert sum(small.defect_plan.by_kind().values()) == 3  # fewer incidents than kinds of incident defects
    large = synthesize(1_000, 0, 0.5)
    assert sum(large.defect_plan.by_kind().values()) == 500
    assert set(large.defect_plan.by_kind()) == set(KINDS)
    hosts = [p.incident for p in large.defect_plan.planned if p.incident is not None]
    assert len(hosts) == len(set(hosts))
    assert synthesize(50, 0, 0.0).defects == []


# --- (e) the command line -------------------------------------------------------------------------------------------

def test_cli_writes_data_that_validates(tmp_path):
    clean, broken = tmp_path / "out" / "clean.ttl", tmp_path / "out" / "broken.nt"
    run = run_cli("synth", "--incidents", "8", "--seed", "2", "--out", str(clean))
    assert run.code == 0, run.err
    assert run.out.startswith("wrote ") and "about 8 synthetic incidents with 0 deliberate defects" in run.out
    run = run_cli("synth", "--incidents", "8", "--seed", "2", "--defects", "1", "--out", str(broken))
    assert run.code == 0, run.err
    assert any(r["severity"] == "Violation" for r in _defects_of(broken))
    assert run_cli("validate", str(clean)).code == 0
    run = run_cli("validate", str(broken))
    assert run.code == 1, run.out
    assert "DOES NOT CONFORM" in run.out


def test_cli_writes_into_a_projects_data_folder(tmp_path, layout):
    project = make_project(tmp_path / "project", layout)
    run = run_cli("synth", "--incidents", "4", "--out", "data/synthetic/world.nt", cwd=project)
    assert run.code == 0, run.err
    run = run_cli("validate", cwd=project)  # all of data/: the file says where its triples come from
    assert run.code == 0, run.out + run.err


@pytest.mark.parametrize(("args", "words"), [
    (["--incidents", "-4"], "--incidents"),
    (["--incidents", "0"], "--incidents"),
    (["--incidents", "many"], "--incidents"),
    (["--incidents", "3", "--defects", "2"], "--defects"),
    (["--incidents", "3", "--defects", "nan"], "between 0 and 1"),
    (["--incidents", "3", "--seed", "1.5"], "--seed"),
    (["--incidents", "3", "--out", "{tmp}"], "is a directory"),
    (["--incidents", "3", "--out", "{tmp}/data.json"], ".nt"),
    (["--incidents", "3", "--out", "{tmp}/file.txt/data.nt"], "is a file"),
    (["--incidents", "3", "--out", "{tmp}/folder.nt"], "is a folder"),
])
def test_cli_refuses_hostile_arguments(tmp_path, args, words):
    (tmp_path / "file.txt").write_text("a file\n", encoding="utf-8")
    (tmp_path / "folder.nt.defects.json").mkdir()
    before = sorted(tmp_path.rglob("*"))
    if "--out" not in args:
        args = [*args, "--out", "{tmp}/data.nt"]
    run = run_cli("synth", *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert run.code == 2, run.out + run.err
    assert words in run.err
    assert "Traceback" not in run.err
    assert sorted(tmp_path.rglob("*")) == before
