"""The ontology: documented, consistent under HermiT, inside the OWL 2 RL profile."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from hisab.namespaces import HISAB, SCHEME, compact

JAVA_SOURCE = Path(__file__).parent / "java" / "ProfileCheck.java"
OWLAPI_CLASSPATH = "/usr/share/java/*"


def _require_java() -> None:
    if shutil.which("java") is None or shutil.which("javac") is None:
        pytest.fail("Java (java and javac) is needed for HermiT and the OWL API: install default-jdk-headless "
                    "(.ci/run does)")


def _ontology_file(vocabulary, tmp_path: Path, fmt: str = "xml", extra: str = "") -> Path:
    graph = Graph()
    for triple in vocabulary.ontology:
        graph.add(triple)
    if extra:
        graph.parse(data=extra, format="turtle")
    path = tmp_path / ("ontology.owl" if fmt == "xml" else "ontology.nt")
    graph.serialize(path, format=fmt, encoding="utf-8")
    return path


def test_every_term_has_label_and_comment(vocabulary):
    onto = vocabulary.ontology
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    missing = []
    for kind in kinds:
        for term in onto.subjects(RDF.type, kind):
            documented = onto.value(term, RDFS.label) is not None and onto.value(term, RDFS.comment) is not None
            if str(term).startswith((str(HISAB), str(SCHEME))) and not documented:
                missing.append(compact(str(term)))
    for concept in onto.subjects(RDF.type, OWL.NamedIndividual):
        if onto.value(concept, RDFS.label) is None or onto.value(concept, RDFS.comment) is None:
            missing.append(compact(str(concept)))
    assert missing == []


def test_ontology_header(vocabulary):
    onto = vocabulary.ontology
    header = next(onto.subjects(RDF.type, OWL.Ontology))
    assert onto.value(header, OWL.versionIRI) is not None
    for predicate in ("license", "creator", "description"):
        assert onto.value(header, DCTERMS[predicate]) is not None, predicate


@pytest.mark.java
def test_hermit_finds_the_ontology_consistent_and_every_class_satisfiable(vocabulary, tmp_path):
    _require_java()
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(_ontology_file(vocabulary, tmp_path, "nt").as_uri()).load()
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    assert len(list(onto.classes())) > 50


@pytest.mark.java
def test_hermit_detects_an_inconsistency(vocabulary, tmp_path):
    """Control: the same check fails when a resource is typed with two disjoint classes."""
    _require_java()
    import owlready2

    extra = ("@prefix hisab: <https://w3id.org/hisab/ontology#> . "
             "<https://w3id.org/hisab/id/test/x> a hisab:Incident , hisab:Actor .")
    world = owlready2.World()
    world.get_ontology(_ontology_file(vocabulary, tmp_path, "nt", extra).as_uri()).load()
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


def _profile_check(path: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    _require_java()
    if not list(Path("/usr/share/java").glob("owlapi-api*.jar")):
        pytest.fail("the OWL API is needed for the OWL 2 RL profile check: "
                    "apt-get install libowlapi-java (.ci/run does)")
    classes = tmp_path / "classes"
    classes.mkdir(exist_ok=True)
    subprocess.run(["javac", "-cp", OWLAPI_CLASSPATH, "-d", str(classes), str(JAVA_SOURCE)], check=True,
                   capture_output=True, timeout=300)
    return subprocess.run(["java", "-cp", f"{OWLAPI_CLASSPATH}:{classes}", "ProfileCheck", str(path)],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.java
def test_ontology_is_in_the_owl2_rl_profile(vocabulary, tmp_path):
    result = _profile_check(_ontology_file(vocabulary, tmp_path), tmp_path)
    violations = [line for line in result.stdout.splitlines() if line.startswith("VIOLATION")]
    assert violations == []
    assert result.stdout.strip().splitlines()[-1] == "IN_PROFILE"


@pytest.mark.java
def test_profile_checker_rejects_a_construct_outside_owl2_rl(vocabulary, tmp_path):
    """Control: a union in superclass position is outside OWL 2 RL, and the checker says so."""
    extra = ("@prefix hisab: <https://w3id.org/hisab/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> . "
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
             "hisab:Siege rdfs:subClassOf [ owl:unionOf ( hisab:Shelling hisab:Airstrike ) ] .")
    result = _profile_check(_ontology_file(vocabulary, tmp_path, extra=extra), tmp_path)
    assert "UseOfNonSuperClassExpression" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "NOT_IN_PROFILE"
