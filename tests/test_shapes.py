"""The SHACL shapes, each tested on a conforming and on non-conforming variations of a small world.

``tests/fixtures/shapes/base.ttl`` is a small world that conforms to every shape without a single
result. Each folder beside it is named after one node shape of ``shapes/`` and holds

* ``valid.ttl``: added to the base world, it conforms without a single result (warnings included);
* ``invalid.ttl`` or ``invalid-<what>.ttl`` (one file per constraint of the shape, or per case of a
  constraint worth its own file): added to the base world, it draws results from that shape and no
  other. The file's header says what it must draw::

      # expect: t:focus | a fragment of the message
      # severity: Warning          (optional; Violation when absent)
      # results: 1                 (optional; the exact number of results, e.g. "reported once")
      # also: hsh:OtherShape       (optional; another shape that checks the same thing and may report it too)

  Every ``expect`` line needs a result of the folder's shape at that focus node (``t:`` is
  ``hid:test/``) whose message contains the fragment, with the severity named; the results fall on
  exactly the focus nodes named.

Every constraint of a shape (each property shape, each SPARQL constraint, closedness and the
node-level ``sh:or`` / ``sh:xone`` / ``sh:not``) is exercised by one of its folder's invalid files.
Fixtures that show a bug of a shape are listed in ``SHAPE_BUGS`` and expected to fail (strictly,
so that the entry goes when the shape is mended).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from hisab.layout import Layout
from hisab.load import load_project, parse_file
from hisab.namespaces import GRAPH_DATA_PREFIX, GRAPH_IMPORTS, GRAPH_ONTOLOGY, HISAB, PREFIXES, SCHEME, compact
from hisab.reason import infer
from hisab.store import EmbeddedStore
from hisab.validate import ValidationOutcome, targeted_node_shapes, validate_graph
from tests.conftest import Vocabulary

HSH = PREFIXES["hsh"]
SHAPE_FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
BASE = SHAPE_FIXTURES / "base.ttl"
FOLDERS = sorted(p for p in SHAPE_FIXTURES.iterdir() if p.is_dir())
INVALID = [path for folder in FOLDERS for path in sorted(folder.glob("invalid*.ttl"))]

EXPECT = re.compile(r"^# expect: (\S+) \| (.+?)\s*$", re.M)
SEVERITY = re.compile(r"^# severity: (Violation|Warning|Info)\s*$", re.M)
RESULTS = re.compile(r"^# results: (\d+)\s*$", re.M)
ALSO = re.compile(r"^# also: (\S+)\s*$", re.M)

#: Node shapes with constraints that have no fixture folder, and why. A helper shape is not a target
#: of its own: the shapes that use it (sh:node) report its failures under their own property shape,
#: so it is exercised by their fixtures (test_helper_shapes_are_used_by_shapes_with_fixtures).
WITHOUT_FIXTURES = {
    **{f"hsh:{name}": "helper shape (sh:node): a value is a concept of one scheme; exercised by the "
                      "fixtures of the shapes that use it"
       for name in ("CategoryCode", "ClaimKindCode", "ConflictCode", "CrimeCategoryCode", "DemandCode",
                    "DimensionCode", "GradeCode", "IncidentKindCode", "ObjectCode", "PrecisionCode",
                    "RoleCode", "SpecificCode", "StatusCode", "WeaponCode")},
    "hsh:DateValueShape": "helper shape (sh:node) of DatedShape and DocumentShape: exercised by their fixtures",
    "hsh:TextPositionSelectorShape": "helper shape (sh:node) of EvidenceSpanShape: exercised by its fixtures",
    "hsh:CrimeCode": "unused helper shape: no shape refers to it (crime categories use hsh:CrimeCategoryCode)",
    "hsh:QualifierCode": "unused helper shape: no shape refers to it (value and time qualifiers are closed "
                         "with sh:in lists)",
}

#: Fixtures that show a bug of a shape: "Folder/file.ttl" -> what is wrong.
SHAPE_BUGS: dict[str, str] = {
    "CorroborationShape/invalid-one-way.ttl":
        "no constraint asks for hisab:corroborates to be asserted both ways, which queries without reasoning need",
}

#: Coded properties (rdfs:range skos:Concept in the ontology) -> the scheme their values come from;
#: None where any concept is right (a definition may be for a code of any scheme).
CODED = {
    HISAB.objectCategory: "object", HISAB.coordinatePrecision: "precision", HISAB.conflictCharacter: "conflict",
    HISAB.timeQualifier: "qualifier", HISAB.confidence: "grade", HISAB.claimKind: "claim-kind",
    HISAB.statedConflictCharacter: "conflict", HISAB.crimeCategory: "crime", HISAB.demandKind: "demand",
    HISAB.category: "category", HISAB.valueQualifier: "qualifier", HISAB.incidentKind: "incident-kind",
    HISAB.weapon: "weapon", HISAB.agreementStatus: "status", HISAB.role: "role",
    HISAB.appliesInConflict: "conflict", HISAB.defines: None,
}


# --- reading fixtures and validating them ----------------------------------------------------------

@dataclass(frozen=True)
class Expectation:
    """What an invalid fixture must draw from its folder's shape."""

    shape: str
    focus: dict[str, str]  # focus node (compact) -> message fragment
    severity: str
    results: int | None
    also: frozenset[str]


def expectation(path: Path) -> Expectation:
    """The expectation written in the header of the invalid fixture ``path``."""
    text = path.read_text(encoding="utf-8")
    focus = {f"hid:test/{node[2:]}" if node.startswith("t:") else node: fragment
             for node, fragment in EXPECT.findall(text)}
    severity = SEVERITY.search(text)
    results = RESULTS.search(text)
    return Expectation(f"hsh:{path.parent.name}", focus, severity.group(1) if severity else "Violation",
                       int(results.group(1)) if results else None, frozenset(ALSO.findall(text)))


def _graph(*paths: Path) -> Graph:
    """The union of the fixture files, each read by the project's parser (Oxigraph) into its own graph."""
    store = EmbeddedStore()
    names = []
    for path in paths:
        name = f"{GRAPH_DATA_PREFIX}test/{path.parent.name}/{path.stem}"
        parsed = parse_file(path, name)
        assert not parsed.problems.diagnostics, [d.message for d in parsed.problems.diagnostics]
        store.add_quads(parsed.quads)
        names.append(name)
    return store.union(names)


_OUTCOMES: dict[tuple[Path, ...], ValidationOutcome] = {}


def _validate(vocabulary, *paths: Path) -> ValidationOutcome:
    """The outcome of validating the base world with ``paths`` added (each once per session: the
    invalid variations are read by two tests)."""
    if paths not in _OUTCOMES:
        _OUTCOMES[paths] = validate_graph(_graph(BASE, *paths), vocabulary.shapes, vocabulary.ontology)
    return _OUTCOMES[paths]


def _rows(outcome: ValidationOutcome) -> list[tuple[str, str, str, str]]:
    """(severity, node shape, focus, message) of each result."""
    return [(r.severity, r.node_shape, r.focus, r.message) for r in outcome.results]


def _case_id(path: Path) -> str:
    """``Folder/file.ttl``, the key of SHAPE_BUGS and the test id."""
    return f"{path.parent.name}/{path.name}"


def _with_known_bugs(paths: list[Path]) -> list:
    """The invalid variations as test parameters, those showing a known shape bug marked as expected to fail."""
    return [pytest.param(p, id=_case_id(p), marks=[pytest.mark.xfail(strict=True, reason=SHAPE_BUGS[_case_id(p)])]
                         if _case_id(p) in SHAPE_BUGS else []) for p in paths]


# --- the base world and the variations ------------------------------------------------------------

def test_base_world_conforms_without_any_result(vocabulary: Vocabulary) -> None:
    """The base world draws no result at all, not even a warning."""
    assert _rows(_validate(vocabulary)) == []


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_valid_variation_conforms(vocabulary: Vocabulary, folder: Path) -> None:
    """Each valid variation, added to the base world, draws no result at all."""
    assert _rows(_validate(vocabulary, folder / "valid.ttl")) == []


@pytest.mark.parametrize("path", _with_known_bugs(INVALID))
def test_invalid_variation_fails_where_expected(vocabulary: Vocabulary, path: Path) -> None:
    """Each invalid variation draws results from its folder's shape only, at the focus nodes it names,
    with the message, severity and (where it says) number of results it names."""
    expected = expectation(path)
    assert expected.focus, f"{path} names no '# expect: t:focus | message fragment' line"
    outcome = _validate(vocabulary, path)
    others = [row for row in _rows(outcome) if row[1] != expected.shape]
    assert {shape for _, shape, _, _ in others} <= expected.also, others
    rows = [row for row in _rows(outcome) if row[1] == expected.shape]
    assert {focus for _, _, focus, _ in rows} == set(expected.focus), rows
    for focus, fragment in expected.focus.items():
        assert any(f == focus and fragment in message and severity == expected.severity
                   for severity, _, f, message in rows), (focus, fragment, expected.severity, rows)
    assert outcome.conforms == (expected.severity != "Violation")
    if expected.results is not None:
        assert len(rows) == expected.results, rows


def _constraints(shapes: Graph, shape: URIRef) -> dict[tuple[str, Node], str]:
    """The constraints of a node shape, each with a readable description."""
    found: dict[tuple[str, Node], str] = {}
    for prop in shapes.objects(shape, SH.property):
        path = shapes.value(prop, SH.path)
        found[("property", prop)] = f"property shape on {compact(str(path)) if isinstance(path, URIRef) else path}"
    for sparql in shapes.objects(shape, SH.sparql):
        found[("sparql", sparql)] = f"SPARQL constraint '{str(shapes.value(sparql, SH.message))[:70]}…'"
    for parameter, component in ((SH.closed, SH.ClosedConstraintComponent), (SH["or"], SH.OrConstraintComponent),
                                 (SH.xone, SH.XoneConstraintComponent), (SH["not"], SH.NotConstraintComponent),
                                 (SH["and"], SH.AndConstraintComponent)):
        if shapes.value(shape, parameter) is not None:
            found[("component", component)] = compact(str(component))
    return found


def _exercised(shapes: Graph, shape: URIRef, outcome: ValidationOutcome) -> Iterator[tuple[str, Node]]:
    """The constraints of ``shape`` that results of ``outcome`` come from."""
    report = outcome.report_graph
    nested = set(report.objects(None, SH.detail))
    properties = set(shapes.objects(shape, SH.property))
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if result in nested:
            continue
        source = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        if source in properties:
            yield ("property", source)
        elif source == shape and component == SH.SPARQLConstraintComponent:
            yield ("sparql", report.value(result, SH.sourceConstraint))
        elif source == shape:
            yield ("component", component)


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_every_constraint_of_the_shape_is_exercised(vocabulary: Vocabulary, folder: Path) -> None:
    """Each constraint of the folder's shape fails in one of the folder's invalid variations (the ones
    showing a known bug of the shape left out)."""
    shape = HSH[folder.name]
    constraints = _constraints(vocabulary.shapes, shape)
    exercised: set[tuple[str, Node]] = set()
    for path in sorted(folder.glob("invalid*.ttl")):
        if _case_id(path) not in SHAPE_BUGS:
            exercised.update(_exercised(vocabulary.shapes, shape, _validate(vocabulary, path)))
    assert sorted(text for key, text in constraints.items() if key not in exercised) == []


# --- every shape is tested --------------------------------------------------------------------------

def _shapes_with_constraints(shapes: Graph) -> set[str]:
    """Named node shapes that state at least one constraint (not only targets, labels and messages)."""
    ignored = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.deactivated, SH.targetClass,
               SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target, SH.ignoredProperties}
    return {compact(str(s)) for s in shapes.subjects(RDF.type, SH.NodeShape)
            if isinstance(s, URIRef) and set(shapes.predicates(s, None)) - ignored}


def test_every_shape_with_constraints_has_fixtures_or_a_reason(vocabulary: Vocabulary) -> None:
    """Every named node shape with constraints has a fixture folder with a valid and an invalid
    variation, or is on the explicit list of shapes without one; no folder names a missing shape."""
    with_folder = {f"hsh:{f.name}" for f in FOLDERS}
    complete = {f"hsh:{f.name}" for f in FOLDERS if (f / "valid.ttl").exists() and any(f.glob("invalid*.ttl"))}
    shapes = _shapes_with_constraints(vocabulary.shapes)
    assert sorted(shapes - complete - set(WITHOUT_FIXTURES)) == [], "shapes without fixtures"
    assert sorted(with_folder - complete) == [], "fixture folders without a valid or an invalid variation"
    assert sorted(with_folder - shapes) == [], "fixture folders for shapes that do not exist"
    assert sorted(set(WITHOUT_FIXTURES) - shapes) == [], "listed as without fixtures but no such shape"
    assert sorted(set(WITHOUT_FIXTURES) & with_folder) == [], "listed as without fixtures but has a folder"
    targeted = {compact(str(s)) for s in targeted_node_shapes(vocabulary.shapes)}
    assert sorted(set(WITHOUT_FIXTURES) & targeted) == [], "a targeted shape always needs fixtures"


def test_helper_shapes_are_used_by_shapes_with_fixtures(vocabulary: Vocabulary) -> None:
    """A helper shape listed as without fixtures because others use it is used (sh:node) by a shape
    that has fixtures; one listed as unused is used nowhere."""
    shapes = vocabulary.shapes
    owner = {prop: s for s, prop in shapes.subject_objects(SH.property)}
    users: dict[str, set[str]] = {}
    for holder, helper in shapes.subject_objects(SH.node):
        while holder in owner or not isinstance(holder, URIRef):  # up from property shapes and sh:or members
            holder = owner.get(holder) or next(iter(shapes.subjects(None, holder)), None)
            if holder is None:
                break
        if holder is not None:
            users.setdefault(compact(str(helper)), set()).add(compact(str(holder)))
    with_folder = {f"hsh:{f.name}" for f in FOLDERS}
    for helper, reason in WITHOUT_FIXTURES.items():
        if reason.startswith("unused"):
            assert helper not in users, (helper, users.get(helper))
        else:
            assert users.get(helper, set()) & with_folder, (helper, users.get(helper))


# --- all valid variations together, and with the OWL RL entailments -------------------------------

#: Results that the OWL RL entailments of the valid variations draw because of a bug of a shape, as
#: (shape, path): what is wrong. The closed thing shapes ignore skos:editorialNote but not skos:note,
#: which reasoning infers from it (skos:editorialNote rdfs:subPropertyOf skos:note, imports/skos.ttl).
REASONING_BUGS = {
    (f"hsh:{shape}", "skos:note"): "the closed shape ignores skos:editorialNote but not the skos:note inferred from it"
    for shape in ("ActorShape", "AgreementShape", "IncidentShape", "PlaceShape")
}


Outcomes = tuple[ValidationOutcome, ValidationOutcome]  # as asserted, with the entailments


@pytest.fixture(scope="module")
def valid_world(vocabulary: Vocabulary, layout: Layout) -> Outcomes:
    """The base world with every valid variation, validated as asserted and with its OWL RL entailments."""
    store = EmbeddedStore()
    load_project(layout, store, data_paths=[])
    data = _graph(BASE, *(f / "valid.ttl" for f in FOLDERS))
    asserted = validate_graph(data, vocabulary.shapes, vocabulary.ontology)
    inferred = infer(store.union([str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS)]), data)
    return asserted, validate_graph(data + inferred, vocabulary.shapes, vocabulary.ontology)


def test_all_valid_variations_conform_together(valid_world: Outcomes) -> None:
    """The valid variations name their own things, so all of them together conform."""
    asserted, _ = valid_world
    assert _rows(asserted) == []


def test_all_valid_variations_conform_with_their_entailments(valid_world: Outcomes) -> None:
    """Reasoning never makes conforming data fail a shape (the results of known shape bugs left out)."""
    _, reasoned = valid_world
    assert [row for row, r in zip(_rows(reasoned), reasoned.results, strict=True)
            if (r.node_shape, r.path) not in REASONING_BUGS] == []


@pytest.mark.xfail(strict=True, reason="; ".join(sorted(set(REASONING_BUGS.values()))))
def test_entailments_draw_no_result_from_known_shape_bugs(valid_world: Outcomes) -> None:
    """The shape bugs listed in REASONING_BUGS are mended (then this test passes: remove its entries)."""
    _, reasoned = valid_world
    assert [r for r in reasoned.results if (r.node_shape, r.path) in REASONING_BUGS] == []


# --- the shapes against the ontology and the namespaces -------------------------------------------

#: Hisab classes no shape targets, and why.
CLASSES_WITHOUT_SHAPES = {
    HISAB.StatisticalCode: "the codes of scheme:dimension, defined in the ontology (not data); a dimension's value "
                           "is checked against the scheme where it is used (hsh:DimensionCode)",
}


def test_every_class_has_a_shape(vocabulary: Vocabulary) -> None:
    """Every Hisab class is the target of a shape, directly or through a superclass, or each of its
    subclasses is (the ranges of the figures' dimensions are unions: an actor or a statistical code …),
    or it is listed in CLASSES_WITHOUT_SHAPES."""
    onto, shapes = vocabulary.ontology, vocabulary.shapes
    targeted = set(shapes.objects(None, SH.targetClass))
    classes = {c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(HISAB))}
    assert set(CLASSES_WITHOUT_SHAPES) <= classes

    def covered(cls: Node) -> bool:
        if cls in CLASSES_WITHOUT_SHAPES:
            return True
        if set(onto.transitive_objects(cls, RDFS.subClassOf)) & targeted:
            return True
        subclasses = [s for s in onto.subjects(RDFS.subClassOf, cls) if s in classes]
        return bool(subclasses) and all(covered(s) for s in subclasses)  # an abstract class

    assert sorted(compact(str(c)) for c in classes if not covered(c)) == []


def test_coded_properties_are_listed(vocabulary: Vocabulary) -> None:
    """Every property the ontology gives the range skos:Concept is in CODED, with its scheme."""
    ranged = {p for p in vocabulary.ontology.subjects(RDFS.range, SKOS.Concept) if str(p).startswith(str(HISAB))}
    assert sorted(compact(str(p)) for p in ranged ^ set(CODED)) == []


def _schemes_of_helper(shapes: Graph, helper: Node) -> set[Node]:
    """The schemes a helper code shape asks its value to be in (or a top concept of)."""
    return {value for prop in shapes.objects(helper, SH.property)
            if shapes.value(prop, SH.path) in (SKOS.inScheme, SKOS.topConceptOf)
            for value in shapes.objects(prop, SH.hasValue)}


@pytest.mark.parametrize("path", sorted(CODED), ids=[compact(str(p)) for p in sorted(CODED)])
def test_every_coded_property_is_checked_against_its_scheme(vocabulary: Vocabulary, path: URIRef) -> None:
    """Every property shape that checks the values of a coded property checks that they are concepts of
    the property's scheme: with a helper shape of that scheme (sh:node) or a closed list of its concepts
    (sh:in); and some shape does."""
    shapes, onto = vocabulary.shapes, vocabulary.ontology
    property_shapes = list(shapes.subjects(SH.path, path))
    assert property_shapes, f"no shape checks {compact(str(path))}"
    if CODED[path] is None:
        for prop in property_shapes:
            assert shapes.value(prop, SH["class"]) == SKOS.Concept or shapes.value(prop, SH.node) is not None
        return
    scheme = SCHEME[CODED[path]]
    members = set(onto.subjects(SKOS.inScheme, scheme))
    checking = [prop for prop in property_shapes
                if any(shapes.value(prop, parameter) is not None for parameter in (SH.node, SH["in"], SH["class"]))]
    assert checking, f"no shape checks the values of {compact(str(path))}"
    for prop in checking:
        helpers = set(shapes.objects(prop, SH.node))
        listed = [set(shapes.items(head)) for head in shapes.objects(prop, SH["in"])]
        assert any(scheme in _schemes_of_helper(shapes, h) for h in helpers) or any(
            items and items <= members for items in listed), f"{compact(str(path))} is not checked against {scheme}"


def test_prefixes_declared_for_sparql_are_the_projects(vocabulary: Vocabulary) -> None:
    """The prefixes the SPARQL constraints declare (hsh: sh:declare) are those of hisab.namespaces."""
    shapes = vocabulary.shapes
    declared = {str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
                for d in shapes.objects(HSH[""], SH.declare)}
    assert declared == {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
