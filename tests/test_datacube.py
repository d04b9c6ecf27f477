"""Tests for hisab.datacube: W3C RDF Data Cube normalisation and integrity constraints.

A small well-formed cube is mutated, once per constraint, into a cube that violates exactly
that constraint; check() must report it, with an example naming the offending node.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from hisab.datacube import (
    IC_17,
    IC_17_AS_EVALUATED,
    IC_IDS,
    TITLES,
    ICFailure,
    _Cube,
    check,
    normalise,
    spec_ask,
)

EX = Namespace("http://example.org/cube/")
QB = Namespace("http://purl.org/linked-data/cube#")

PREFIXES = """\
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qb:   <http://purl.org/linked-data/cube#>
PREFIX ex:   <http://example.org/cube/>
"""

# A DSD with two dimensions (ex:refArea coded by a skos:ConceptScheme, ex:refPeriod with an
# IRI range), a measure, and a required attribute attached at data set level (so that it only
# reaches the observations through normalisation); a slice key and one slice; a data set of
# three observations. Component specifications are blank nodes, as they usually are.
BASE = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix qb:   <http://purl.org/linked-data/cube#> .
@prefix ex:   <http://example.org/cube/> .

ex:dsd a qb:DataStructureDefinition ;
    qb:component [ qb:dimension ex:refArea ; qb:order 1 ] ,
                 [ qb:dimension ex:refPeriod ; qb:order 2 ] ,
                 [ qb:measure ex:count ] ,
                 [ qb:attribute ex:unit ; qb:componentRequired true ; qb:componentAttachment qb:DataSet ] ;
    qb:sliceKey ex:key-period .

ex:refArea a qb:DimensionProperty, qb:CodedProperty ; rdfs:range skos:Concept ; qb:codeList ex:areas .
ex:refPeriod a qb:DimensionProperty ; rdfs:range ex:Period .
ex:count a qb:MeasureProperty ; rdfs:range xsd:integer .
ex:unit a qb:AttributeProperty ; rdfs:range ex:Unit .

ex:areas a skos:ConceptScheme .
ex:north a skos:Concept ; skos:inScheme ex:areas .
ex:south a skos:Concept ; skos:inScheme ex:areas .
ex:y2023 a ex:Period .
ex:y2024 a ex:Period .
ex:incidents a ex:Unit .

ex:key-period a qb:SliceKey ; qb:componentProperty ex:refPeriod .

ex:ds a qb:DataSet ; qb:structure ex:dsd ; ex:unit ex:incidents ; qb:slice ex:slice-2023 .
ex:slice-2023 a qb:Slice ; qb:sliceStructure ex:key-period ; ex:refPeriod ex:y2023 ;
    qb:observation ex:o1, ex:o2 .

ex:o1 a qb:Observation ; qb:dataSet ex:ds ; ex:refArea ex:north ; ex:refPeriod ex:y2023 ; ex:count 12 .
ex:o2 a qb:Observation ; qb:dataSet ex:ds ; ex:refArea ex:south ; ex:refPeriod ex:y2023 ; ex:count 7 .
ex:o3 a qb:Observation ; qb:dataSet ex:ds ; ex:refArea ex:north ; ex:refPeriod ex:y2024 ; ex:count 9 .
"""

# The same cube with a measure dimension (qb:measureType) and a second measure, ex:rate: each
# point has one observation per measure. qb:measureType's range comes from the cube vocabulary
# itself; IC-4 needs it in the graph.
MEASURE_DIMENSION = """\
INSERT DATA {
    ex:dsd qb:component [ qb:dimension qb:measureType ] , [ qb:measure ex:rate ] .
    qb:measureType rdfs:range qb:MeasureProperty .
    ex:rate a qb:MeasureProperty ; rdfs:range xsd:decimal .
    ex:o1 qb:measureType ex:count . ex:o2 qb:measureType ex:count . ex:o3 qb:measureType ex:count .
    ex:o1r a qb:Observation ; qb:dataSet ex:ds ; qb:measureType ex:rate ;
        ex:refArea ex:north ; ex:refPeriod ex:y2023 ; ex:rate 0.5 .
    ex:o2r a qb:Observation ; qb:dataSet ex:ds ; qb:measureType ex:rate ;
        ex:refArea ex:south ; ex:refPeriod ex:y2023 ; ex:rate 0.25 .
    ex:o3r a qb:Observation ; qb:dataSet ex:ds ; qb:measureType ex:rate ;
        ex:refArea ex:north ; ex:refPeriod ex:y2024 ; ex:rate 0.75 .
}
"""

# The area code list as a hierarchy, root ex:world, with a parent-child property (IC-20) ...
HIERARCHY = """\
INSERT DATA {
    ex:areas a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:world ; qb:parentChildProperty skos:narrower .
    ex:world a skos:Concept ; skos:inScheme ex:areas ; skos:narrower ex:north, ex:south .
}
"""

# ... or with an inverse one, [ owl:inverseOf skos:broader ] (IC-21).
INVERSE_HIERARCHY = """\
INSERT DATA {
    ex:areas a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:world ;
        qb:parentChildProperty [ owl:inverseOf skos:broader ] .
    ex:world a skos:Concept ; skos:inScheme ex:areas .
    ex:north skos:broader ex:world .
    ex:south skos:broader ex:world .
}
"""

FIXTURES = {
    "base": (),
    "measure-dimension": (MEASURE_DIMENSION,),
    "hierarchy": (HIERARCHY,),
    "inverse-hierarchy": (INVERSE_HIERARCHY,),
}


def cube(fixture: str = "base", *updates: str) -> Graph:
    """The base cube, turned into a fixture variant, then mutated by SPARQL updates."""
    graph = Graph()
    graph.parse(data=BASE, format="turtle")
    for update in (*FIXTURES[fixture], *updates):
        graph.update(PREFIXES + update)
    return graph


def reported(failures: list[ICFailure]) -> set[str]:
    return {f.ic for f in failures}


@dataclass
class Case:
    """A mutation of a fixture that violates ``ic`` (and exactly the ICs in ``expect``)."""

    ic: str
    update: str
    example: dict[str, URIRef]
    fixture: str = "base"
    expect: set[str] = field(default_factory=set)
    name: str = ""

    def __post_init__(self) -> None:
        self.expect = self.expect or {self.ic}

    @property
    def id(self) -> str:
        return self.ic + (f"-{self.name}" if self.name else "")


CASES = [
    Case("IC-1", "DELETE DATA { ex:o3 qb:dataSet ex:ds }", {"obs": EX.o3}, name="no-data-set"),
    Case(
        "IC-1",
        "INSERT DATA { ex:o3 qb:dataSet ex:ds2 . ex:ds2 qb:structure ex:dsd ; ex:unit ex:incidents }",
        {"obs": EX.o3},
        name="two-data-sets",
    ),
    Case("IC-2", "DELETE DATA { ex:ds qb:structure ex:dsd }", {"dataset": EX.ds}),
    Case("IC-3", "DELETE WHERE { ex:dsd qb:component ?c . ?c qb:measure ex:count }", {"dsd": EX.dsd}),
    Case("IC-4", "DELETE DATA { ex:refPeriod rdfs:range ex:Period }", {"dim": EX.refPeriod}),
    Case("IC-5", "DELETE DATA { ex:refArea qb:codeList ex:areas }", {"dim": EX.refArea}),
    Case(
        "IC-6",
        "INSERT { ?c qb:componentRequired false } WHERE { ex:dsd qb:component ?c . ?c qb:dimension ex:refPeriod }",
        {"dsd": EX.dsd, "component": EX.refPeriod},
    ),
    Case(
        "IC-7",
        "INSERT DATA { ex:key-orphan a qb:SliceKey ; qb:componentProperty ex:refArea }",
        {"sliceKey": EX["key-orphan"]},
    ),
    Case(
        "IC-8",
        "INSERT DATA { ex:dsd qb:sliceKey ex:key-sex . ex:key-sex a qb:SliceKey ; qb:componentProperty ex:sex }",
        {"slicekey": EX["key-sex"], "prop": EX.sex},
    ),
    Case(
        "IC-9",
        "DELETE DATA { ex:slice-2023 qb:sliceStructure ex:key-period }",
        {"slice": EX["slice-2023"]},
        name="no-key",
    ),
    Case(
        "IC-9",
        """INSERT DATA { ex:dsd qb:sliceKey ex:key-period2 .
                         ex:key-period2 a qb:SliceKey ; qb:componentProperty ex:refPeriod .
                         ex:slice-2023 qb:sliceStructure ex:key-period2 }""",
        {"slice": EX["slice-2023"]},
        name="two-keys",
    ),
    Case(
        "IC-10",
        "DELETE DATA { ex:slice-2023 ex:refPeriod ex:y2023 }",
        {"slice": EX["slice-2023"], "dim": EX.refPeriod},
    ),
    Case("IC-11", "DELETE DATA { ex:o3 ex:refArea ex:north }", {"obs": EX.o3, "dim": EX.refArea}),
    Case(
        "IC-12",
        "DELETE DATA { ex:o3 ex:refPeriod ex:y2024 } ; INSERT DATA { ex:o3 ex:refPeriod ex:y2023 }",
        {"dataset": EX.ds, "obs1": EX.o1, "obs2": EX.o3},
    ),
    # Without its period, o3 = (north, -) matches o1 = (north, 2023) on every dimension both
    # have: the spec's IC-12 compares only those, so this is a duplicate as well.
    Case(
        "IC-12",
        "DELETE DATA { ex:o3 ex:refPeriod ex:y2024 }",
        {"obs1": EX.o1, "obs2": EX.o3},
        expect={"IC-11", "IC-12"},
        name="missing-dimension",
    ),
    Case("IC-13", "DELETE DATA { ex:ds ex:unit ex:incidents }", {"attr": EX.unit}),
    Case("IC-14", "DELETE DATA { ex:o2 ex:count 7 }", {"obs": EX.o2, "measure": EX["count"]}),
    Case(
        "IC-15",
        "DELETE DATA { ex:o2 ex:count 7 }",
        {"obs": EX.o2, "measure": EX["count"]},
        fixture="measure-dimension",
    ),
    Case(
        "IC-16",
        "INSERT DATA { ex:o2 ex:rate 0.3 }",
        {"obs": EX.o2, "measure": EX["count"], "omeasure": EX.rate},
        fixture="measure-dimension",
    ),
    Case(
        "IC-17",
        "DELETE WHERE { ex:o3r ?p ?o }",
        {"obs1": EX.o3, "numMeasures": Literal(2), "count": Literal(1)},
        fixture="measure-dimension",
    ),
    Case(
        "IC-18",
        """INSERT DATA { ex:ds2 qb:structure ex:dsd ; ex:unit ex:incidents .
                         ex:o4 qb:dataSet ex:ds2 ; ex:refArea ex:south ; ex:refPeriod ex:y2023 ; ex:count 1 .
                         ex:slice-2023 qb:observation ex:o4 }""",
        {"dataset": EX.ds, "slice": EX["slice-2023"], "obs": EX.o4},
    ),
    Case(
        "IC-19",
        "DELETE DATA { ex:o2 ex:refArea ex:south } ; INSERT DATA { ex:o2 ex:refArea ex:atlantis }",
        {"obs": EX.o2, "dim": EX.refArea, "list": EX.areas, "v": EX.atlantis},
        name="concept-scheme",
    ),
    Case(
        "IC-19",
        """DELETE DATA { ex:refArea qb:codeList ex:areas } ;
           INSERT DATA { ex:refArea qb:codeList ex:areas-north .
                         ex:areas-north a skos:Collection ; skos:member ex:north }""",
        {"obs": EX.o2, "list": EX["areas-north"], "v": EX.south},
        name="collection",
    ),
    Case(
        "IC-20",
        "DELETE DATA { ex:world skos:narrower ex:south }",
        {"obs": EX.o2, "dim": EX.refArea, "list": EX.areas, "v": EX.south},
        fixture="hierarchy",
    ),
    Case(
        "IC-21",
        "DELETE DATA { ex:south skos:broader ex:world }",
        {"obs": EX.o2, "dim": EX.refArea, "list": EX.areas, "v": EX.south},
        fixture="inverse-hierarchy",
    ),
]


def test_every_constraint_has_a_case() -> None:
    assert {case.ic for case in CASES} == set(IC_IDS)


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_fixtures_are_well_formed(fixture: str) -> None:
    assert check(cube(fixture)) == []


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_mutation_is_reported(case: Case) -> None:
    failures = check(cube(case.fixture, case.update))
    assert reported(failures) == case.expect, [str(f) for f in failures]
    failure = next(f for f in failures if f.ic == case.ic)
    assert failure.title == TITLES[case.ic]
    assert 1 <= len(failure.examples) <= 5
    assert any(case.example.items() <= dict(row).items() for row in failure.examples), str(failure)


# Mutations that exercise the spec's corner cases for IC-12 and IC-17, which check() answers by
# grouping rather than with the spec's pairwise queries.
CORNER_CASES = [
    ("base", "INSERT DATA { ex:o3 ex:refArea ex:south }"),  # two values for one dimension
    ("base", "DELETE DATA { ex:o1 ex:refArea ex:north . ex:o3 ex:refArea ex:north }"),
    ("base", "DELETE DATA { ex:o3 ex:refArea ex:north . ex:o3 ex:refPeriod ex:y2024 }"),
    ("measure-dimension", "DELETE DATA { ex:o3r ex:refPeriod ex:y2024 }"),
    ("measure-dimension", "DELETE DATA { ex:o3r ex:refArea ex:north . ex:o3r ex:refPeriod ex:y2024 }"),
    ("measure-dimension", "INSERT DATA { ex:o3r ex:refArea ex:south }"),
    ("measure-dimension", "INSERT DATA { ex:o1 qb:measureType ex:rate }"),  # the fallback to the spec's query
    ("measure-dimension", "INSERT DATA { ex:o4 qb:dataSet ex:ds ; qb:measureType ex:count ; ex:refArea ex:north }"),
]


@pytest.mark.parametrize(
    ("fixture", "update"),
    [(case.fixture, case.update) for case in CASES] + CORNER_CASES,
    ids=[case.id for case in CASES] + [f"corner-{n}" for n in range(len(CORNER_CASES))],
)
def test_check_agrees_with_the_spec_queries(fixture: str, update: str) -> None:
    """check() reports exactly the constraints whose ASK, as written in the spec, is true."""
    graph = cube(fixture, update)
    assert reported(check(graph)) == {ic for ic in IC_IDS if spec_ask(graph, ic)}


def test_example_nodes_are_the_input_nodes() -> None:
    """Blank nodes in examples are the input graph's own blank nodes."""
    [ic6] = [case for case in CASES if case.ic == "IC-6"]
    graph = cube("base", ic6.update)
    [failure] = check(graph)
    spec = failure.examples[0]["componentSpec"]
    assert isinstance(spec, BNode)
    assert (EX.dsd, QB.component, spec) in graph


def test_failure_text() -> None:
    [failure] = check(cube("base", "DELETE DATA { ex:refPeriod rdfs:range ex:Period }"))
    assert str(failure) == "IC-4. Dimensions have range: dim=<http://example.org/cube/refPeriod>"
    assert failure.description.startswith("Every dimension declared")


def test_ic17_as_written_never_fires() -> None:
    """The spec's IC-17 tests an alias in HAVING, unbound there in SPARQL 1.1; see IC_17_AS_EVALUATED."""
    [ic17] = [case for case in CASES if case.ic == "IC-17"]
    store = _Cube(cube(ic17.fixture, ic17.update))
    assert store.ask(IC_17) is False
    assert store.ask(IC_17_AS_EVALUATED) is True


# --- normalisation --------------------------------------------------------------------------

# The base cube abbreviated: o1 and o2 take their period from the slice, and a slice-level
# attribute (qb:componentAttachment qb:Slice) is given on the slice only.
ABBREVIATE = """\
DELETE DATA { ex:o1 ex:refPeriod ex:y2023 . ex:o2 ex:refPeriod ex:y2023 .
              ex:o1 a qb:Observation . ex:o2 a qb:Observation . ex:slice-2023 a qb:Slice } ;
INSERT DATA { ex:dsd qb:component [ qb:attribute ex:status ; qb:componentRequired true ;
                                    qb:componentAttachment qb:Slice ] .
              ex:status a qb:AttributeProperty ; rdfs:range ex:Status .
              ex:slice-2023 ex:status ex:final .
              ex:o3 ex:status ex:provisional }
"""


def test_normalise_does_not_modify_its_input() -> None:
    graph = cube("base", ABBREVIATE)
    before = set(graph)
    normalised = normalise(graph)
    assert set(graph) == before
    assert normalised is not graph
    assert before < set(normalised)


def test_normalise_pushes_attachments_down() -> None:
    graph = normalise(cube("base", ABBREVIATE))
    # phase 1: types and qb:componentProperty
    assert (EX.o1, RDF.type, QB.Observation) in graph  # from qb:observation
    assert (EX["slice-2023"], RDF.type, QB.Slice) in graph  # from qb:slice
    assert (EX["count"], RDF.type, QB.MeasureProperty) in graph
    specs = list(graph.objects(EX.dsd, QB.component))
    assert len(specs) == 5
    assert all(graph.value(spec, QB.componentProperty) is not None for spec in specs)
    # phase 2: data set attachment, slice attachment, dimension values on slices
    for obs in (EX.o1, EX.o2, EX.o3):
        assert (obs, EX.unit, EX.incidents) in graph
    for obs in (EX.o1, EX.o2):
        assert (obs, EX.status, EX.final) in graph
        assert (obs, EX.refPeriod, EX.y2023) in graph
    assert (EX.o3, EX.status, EX.final) not in graph


def test_abbreviated_cube_is_well_formed_only_after_normalisation() -> None:
    graph = cube("base", ABBREVIATE)
    assert check(graph) == []
    # Taken as it stands, the abbreviated cube lacks what normalisation adds.
    assert spec_ask(graph, "IC-13") is False
    raw_ic11 = graph.query(PREFIXES + "ASK { ex:o1 ex:refPeriod [] }")
    assert raw_ic11.askAnswer is False


def test_normalise_matches_the_store_normalisation() -> None:
    """normalise() (rdflib) and check() (Oxigraph) run the same updates to the same result."""
    graph = cube("base", ABBREVIATE)
    normalised = normalise(graph)
    assert len(_Cube(graph).store) == len(normalised)
    assert set(normalise(normalised)) == set(normalised)  # idempotent
    assert check(normalised) == check(graph) == []


# --- IC-20/21 instantiation -----------------------------------------------------------------

TWO_HIERARCHIES = """\
INSERT DATA {
    ex:refPeriod qb:codeList ex:periods .
    ex:periods a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:all-years ; qb:parentChildProperty ex:hasYear .
    ex:all-years ex:hasYear ex:y2023, ex:y2024 .
}
"""


def test_hierarchies_are_checked_along_their_own_property() -> None:
    """Two hierarchical code lists on different parent-child properties.

    The spec's IC-20 template, instantiated literally, checks every hierarchical code list
    along every parent-child property, so each list fails along the other's property; check()
    ties the template's ?list to the code list the property belongs to.
    """
    graph = cube("hierarchy", TWO_HIERARCHIES)
    assert check(graph) == []
    assert spec_ask(graph, "IC-20") is True
    broken = cube("hierarchy", TWO_HIERARCHIES, "DELETE DATA { ex:all-years ex:hasYear ex:y2024 }")
    [failure] = check(broken)
    assert failure.ic == "IC-20"
    assert {row["v"] for row in failure.examples} == {EX.y2024}


# --- scale ----------------------------------------------------------------------------------


SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")


def large_cube(areas: int, periods: int, inverse: bool = False) -> Graph:
    """A cube of areas x periods observations over a hierarchical area code list.

    The hierarchy links its root to the areas by skos:narrower or, with ``inverse``, the areas
    to the root by skos:broader (parent-child property [ owl:inverseOf skos:broader ]).
    """
    parent_child = "[ owl:inverseOf skos:broader ]" if inverse else "skos:narrower"
    lines = [
        BASE.split("ex:dsd a")[0],
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
        f"""ex:dsd a qb:DataStructureDefinition ;
            qb:component [ qb:dimension ex:refArea ] , [ qb:dimension ex:refPeriod ] , [ qb:measure ex:count ] ,
                         [ qb:attribute ex:unit ; qb:componentRequired true ; qb:componentAttachment qb:DataSet ] .
        ex:refArea a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:areas .
        ex:refPeriod a qb:DimensionProperty ; rdfs:range ex:Period .
        ex:areas a skos:ConceptScheme, qb:HierarchicalCodeList ; qb:hierarchyRoot ex:world ;
            qb:parentChildProperty {parent_child} .
        ex:world a skos:Concept ; skos:inScheme ex:areas .
        ex:ds qb:structure ex:dsd ; ex:unit ex:incidents .""",
    ]
    for a in range(areas):
        link = f"ex:a{a} skos:broader ex:world ." if inverse else f"ex:world skos:narrower ex:a{a} ."
        lines.append(f"{link} ex:a{a} a skos:Concept ; skos:inScheme ex:areas .")
        for p in range(periods):
            lines.append(f"ex:o{a}-{p} qb:dataSet ex:ds ; ex:refArea ex:a{a} ; ex:refPeriod ex:p{p} ; ex:count {a} .")
    graph = Graph()
    graph.parse(data="\n".join(lines), format="turtle")
    return graph


@pytest.mark.parametrize(("inverse", "hierarchy_ic"), [(False, "IC-20"), (True, "IC-21")])
def test_a_few_thousand_observations(inverse: bool, hierarchy_ic: str) -> None:
    graph = large_cube(60, 50, inverse)  # 3,000 observations
    start = time.perf_counter()
    assert check(graph) == []
    elapsed = time.perf_counter() - start
    assert elapsed < 10, f"check() took {elapsed:.1f}s on 3,000 observations"

    graph.set((EX["o7-8"], EX.refPeriod, EX.p9))  # now the same point as o7-9
    if inverse:
        graph.remove((EX.a3, SKOS.broader, EX.world))
    else:
        graph.remove((EX.world, SKOS.narrower, EX.a3))
    failures = {f.ic: f for f in check(graph)}
    assert set(failures) == {"IC-12", hierarchy_ic}
    assert [dict(row) for row in failures["IC-12"].examples] == [
        {"dataset": EX.ds, "obs1": EX["o7-8"], "obs2": EX["o7-9"]}
    ]
    assert {row["v"] for row in failures[hierarchy_ic].examples} == {EX.a3}
    assert len(failures[hierarchy_ic].examples) == 5  # 50 observations, 5 examples
