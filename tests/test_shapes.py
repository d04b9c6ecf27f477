"""Every shape has a conforming and a non-conforming fixture; the exact shape and focus node fail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from hisab.namespaces import HISAB, SCHEME, compact
from hisab.validate import targeted_node_shapes, validate_graph

SHAPE_FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
BASE = SHAPE_FIXTURES / "base.ttl"
FOLDERS = sorted(p for p in SHAPE_FIXTURES.iterdir() if p.is_dir())
EXPECT = re.compile(r"^# expect: (\S+) (\S+)$", re.M)


def _graph(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def _expected(path: Path) -> set[tuple[str, str]]:
    pairs = set()
    for shape, focus in EXPECT.findall(path.read_text(encoding="utf-8")):
        pairs.add((shape, focus.replace("t:", "hid:test/", 1)))
    return pairs


def _targeted_node_shapes(shapes: Graph) -> set[str]:
    return {compact(str(s)) for s in targeted_node_shapes(shapes)}


def test_base_world_conforms_without_any_result(vocabulary):
    outcome = validate_graph(_graph(BASE), vocabulary.shapes, vocabulary.ontology)
    assert outcome.results == []


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_valid_variation_conforms(vocabulary, folder):
    outcome = validate_graph(_graph(BASE, folder / "valid.ttl"), vocabulary.shapes, vocabulary.ontology)
    assert [(r.node_shape, r.focus, r.message) for r in outcome.results] == []


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_invalid_variation_fails_exactly_where_expected(vocabulary, folder):
    invalid = folder / "invalid.ttl"
    expected = _expected(invalid)
    assert expected, f"{invalid} names no '# expect: SHAPE FOCUS' line"
    assert {shape for shape, _ in expected} == {f"hsh:{folder.name}"}
    outcome = validate_graph(_graph(BASE, invalid), vocabulary.shapes, vocabulary.ontology)
    found = {(r.node_shape, r.focus) for r in outcome.results}
    assert found == expected, [(r.node_shape, r.focus, r.message) for r in outcome.results]


def test_every_targeted_shape_has_fixtures(vocabulary):
    with_fixtures = {f"hsh:{f.name}" for f in FOLDERS if (f / "valid.ttl").exists() and (f / "invalid.ttl").exists()}
    assert _targeted_node_shapes(vocabulary.shapes) <= with_fixtures
    assert with_fixtures <= _targeted_node_shapes(vocabulary.shapes), "fixture folder for a shape that does not exist"


def test_every_class_has_a_shape(vocabulary):
    """Every Hisab class is the target of a shape, directly or through a superclass."""
    onto, shapes = vocabulary.ontology, vocabulary.shapes
    targeted = set(shapes.objects(None, SH.targetClass))
    classes = {c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(HISAB))}

    def covered(cls) -> bool:
        if set(onto.transitive_objects(cls, RDFS.subClassOf)) & targeted:
            return True
        subclasses = [s for s in onto.subjects(RDFS.subClassOf, cls) if s in classes]
        return bool(subclasses) and all(covered(s) for s in subclasses)  # an abstract class

    assert sorted(compact(str(c)) for c in classes if not covered(c)) == []


@pytest.mark.parametrize("path, scheme", [
    (HISAB.confidence, "grade"), (HISAB.valueQualifier, "qualifier"), (HISAB.category, "category"),
    (HISAB.objectCategory, "object"), (HISAB.demandKind, "demand"), (HISAB.weapon, "weapon"),
    (HISAB.agreementStatus, "status"), (HISAB.statedConflictCharacter, "conflict"), (HISAB.crimeCategory, "crime"),
])
def test_closed_code_lists_match_their_schemes(vocabulary, path, scheme):
    """Each sh:in list on a coded property lists exactly the concepts of its SKOS scheme."""
    members = set(vocabulary.ontology.subjects(SKOS.inScheme, SCHEME[scheme]))
    lists = []
    for prop in vocabulary.shapes.subjects(SH.path, path):
        for head in vocabulary.shapes.objects(prop, SH["in"]):
            lists.append(set(vocabulary.shapes.items(head)))
    assert lists, f"no sh:in list closes {compact(str(path))}"
    for listed in lists:
        assert listed <= members
    assert any(listed == members for listed in lists)
