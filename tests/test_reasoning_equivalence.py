"""The OWL RL rules run as SPARQL inside the store give exactly owlrl's entailments.

owlrl (the reference implementation, pure Python) is the oracle: on the project's data, on the
shape-test world, on synthetic data and on small graphs that exercise each rule, the closure computed
by :mod:`hisab.reasoner` equals owlrl's triple for triple (blank nodes included), and an inconsistent
graph is reported with the same messages.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from oxrdflib._converter import from_ox, to_ox
from rdflib import Graph

from hisab.errors import HisabError
from hisab.namespaces import GRAPH_IMPORTS, GRAPH_INFERRED, GRAPH_ONTOLOGY
from hisab.reason import infer, infer_in_store, infer_owlrl
from hisab.reasoner import Unsupported, reason, reason_in_store
from tests.conftest import Project, Vocabulary

SHAPE_FIXTURES = Path(__file__).parent / "fixtures" / "shapes"

PREFIXES = """
@prefix : <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: Small ontologies with data, one per group of rules, each a case owlrl and the SPARQL rules must agree on.
RULE_CASES = {
    "classes and properties": """
        :A a owl:Class ; rdfs:subClassOf :B . :B a owl:Class ; rdfs:subClassOf :C . :C a owl:Class .
        :D a owl:Class ; owl:equivalentClass :A .
        :p a owl:ObjectProperty ; rdfs:subPropertyOf :q ; rdfs:domain :A ; rdfs:range :B .
        :q a owl:ObjectProperty ; owl:equivalentProperty :r ; owl:inverseOf :qi .
        :s a owl:SymmetricProperty . :t a owl:TransitiveProperty .
        :x :p :y . :y :s :z . :a :t :b . :b :t :c . :c :t :d . :z a :D .
        :lit :p "a literal" .
    """,
    "restrictions": """
        :HasRed a owl:Restriction ; owl:onProperty :colour ; owl:hasValue :red .
        :AllFromB a owl:Restriction ; owl:onProperty :p ; owl:allValuesFrom :B .
        :SomeB a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :B .
        :SomeThing a owl:Restriction ; owl:onProperty :q ; owl:someValuesFrom owl:Thing .
        :AandB owl:intersectionOf ( :A :B ) . :AorB owl:unionOf ( :A :C ) .
        :Primary owl:oneOf ( :red :green ) .
        :x a :HasRed . :y :colour :red . :u a :AllFromB ; :p :v . :w :p :v2 . :v2 a :B . :k :q :l .
        :m a :A , :B .
    """,
    "equality": """
        :f a owl:FunctionalProperty . :g a owl:FunctionalProperty . :i a owl:InverseFunctionalProperty .
        :x :f :y1 , :y2 . :y1 :label "one" . :z :g "3"^^xsd:integer , "03"^^xsd:integer . :w :h "3"^^xsd:integer .
        :a :i :k . :b :i :k . :a :knows :c .
        :One a owl:Restriction ; owl:onProperty :p ; owl:maxCardinality "1"^^xsd:nonNegativeInteger .
        :n a :One ; :p :o1 , :o2 . :e owl:sameAs :e2 . :e :rel :e3 . :e4 :rel :e .
    """,
    "chains and datatypes": """
        :grandparent owl:propertyChainAxiom ( :parent :parent ) .
        :uncle owl:propertyChainAxiom ( :parent :brother :brother ) .
        :a :parent :b . :b :parent :c . :c :parent :d . :b :brother :e . :e :brother :f .
        :v a xsd:int . :n :value "4"^^xsd:short , "x"^^xsd:token , true , 2.5 .
    """,
}


def _graph(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def _terms(graph: Graph) -> set[tuple]:
    """The triples as RDF 1.1 terms (rdflib tells ``"a"`` from ``"a"^^xsd:string``; RDF 1.1 does not)."""
    return {tuple(to_ox(term) for term in triple) for triple in graph}


def _rdf11(graph: Graph) -> Graph:
    """``graph`` with its terms as the store gives them back (a simple literal is an xsd:string), which
    is how owlrl sees the data in a build."""
    normal = Graph()
    for triple in graph:
        normal.add(tuple(from_ox(to_ox(term)) for term in triple))
    return normal


def _same_closure(ontology: Graph, data: Graph) -> None:
    ontology, data = _rdf11(ontology), _rdf11(data)
    mine, oracle = _terms(infer(ontology, data)), _terms(infer_owlrl(ontology, data))
    missing, extra = oracle - mine, mine - oracle
    assert not missing and not extra, f"missing {sorted(missing)[:10]}, extra {sorted(extra)[:10]}"
    assert len(mine) > 0


@pytest.mark.parametrize("case", sorted(RULE_CASES))
def test_each_group_of_rules_agrees_with_owlrl(case: str) -> None:
    _same_closure(Graph(), _graph(RULE_CASES[case]))


@pytest.mark.parametrize("case", sorted(RULE_CASES))
def test_each_group_of_rules_as_sparql_agrees_with_owlrl(case: str) -> None:
    """The same cases with every rule run as SPARQL (the path for equality and for remote stores)."""
    from hisab.reasoner import OxigraphTarget

    data = _rdf11(_graph(RULE_CASES[case]))
    store = ox.Store()
    store.extend(ox.Quad(*(to_ox(term) for term in triple), ox.NamedNode("urn:in")) for triple in data)
    try:
        reason(OxigraphTarget(store), ["urn:in"], "urn:out")
    except HisabError:
        pytest.skip("inconsistent: compared by the test of messages")
    mine = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None,
                                                                                ox.NamedNode("urn:out"))}
    assert mine == _terms(infer_owlrl(Graph(), data))


def test_the_project_closure_is_owlrl_s(project: Project, vocabulary: Vocabulary) -> None:
    ontology = project.store.union([str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS)])
    _same_closure(ontology, project.store.union(project.data_graphs))


def test_the_shape_test_world_closure_is_owlrl_s(project: Project) -> None:
    from tests.test_shapes import _graph as fixture_graph

    ontology = project.store.union([str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS)])
    world = fixture_graph(SHAPE_FIXTURES / "base.ttl", *sorted(SHAPE_FIXTURES.glob("*/valid.ttl")))
    _same_closure(ontology, world)


def test_inconsistency_is_reported_with_owlrl_s_messages() -> None:
    data = _graph("""
        :A owl:disjointWith :B . :x a :A , :B .
        :P owl:propertyDisjointWith :Q . :a :P :b ; :Q :b .
        [] a owl:AllDisjointClasses ; owl:members ( :C :D :E ) . :y a :C , :E .
        :nothing a owl:Nothing .
    """)
    with pytest.raises(HisabError) as oracle:
        infer_owlrl(Graph(), data)
    with pytest.raises(HisabError) as mine:
        infer(Graph(), data)
    assert [d.message for d in mine.value.diagnostics] == [d.message for d in oracle.value.diagnostics]
    assert len(mine.value.diagnostics) == 4


def test_an_unsupported_construct_falls_back_to_owlrl() -> None:
    data = _graph(":C owl:hasKey ( :id ) . :x a :C ; :id 1 . :y a :C ; :id 1 . :x :p :z .")
    store = ox.Store()
    store.load((PREFIXES + ":C owl:hasKey ( :id ) .").encode(), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode("urn:in"))
    with pytest.raises(Unsupported, match="owl:hasKey"):
        reason_in_store(store, ["urn:in"], "urn:out")
    notices: list[str] = []
    ox_store = ox.Store()
    for triple in data:
        ox_store.add(ox.Quad(*(to_ox(t) for t in triple), ox.NamedNode("urn:in")))
    count = infer_in_store(ox_store, ["urn:in"], "urn:out", notice=notices.append)
    assert count == len(infer_owlrl(Graph(), data)) and "owlrl" in notices[0]


def test_the_store_is_left_as_it_was_apart_from_the_entailments(project: Project) -> None:
    store = ox.Store()
    inputs = [str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS), *project.data_graphs]
    for name in inputs:
        store.extend(project.store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(name)))
    before = {name: len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(name)))) for name in inputs}
    count, closure = reason_in_store(store, inputs, str(GRAPH_INFERRED))
    graphs = {g.value for g in store.named_graphs()}
    assert graphs == set(inputs) | {str(GRAPH_INFERRED)}, "scratch graphs are gone"
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), "the default graph is empty again"
    assert {name: len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(name)))) for name in inputs} == before
    assert count == len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(str(GRAPH_INFERRED)))))
    assert closure.how == "one pass", "the project's data needs no equality reasoning"


def test_rules_read_named_graphs_in_place_as_on_a_remote_store(project: Project) -> None:
    """The form a remote endpoint gets (every rule as SPARQL, USING the input graphs, entailments into a
    named graph) gives the same closure as the one-pass embedded form."""
    store = ox.Store()
    inputs = [str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS), *project.data_graphs]
    for name in inputs:
        store.extend(project.store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(name)))
    from hisab.reasoner import OxigraphTarget

    reason(OxigraphTarget(store), inputs, "urn:in-place")
    reason_in_store(store, inputs, "urn:embedded")
    in_place = set(store.quads_for_pattern(None, None, None, ox.NamedNode("urn:in-place")))
    embedded = set(store.quads_for_pattern(None, None, None, ox.NamedNode("urn:embedded")))
    assert {(q.subject, q.predicate, q.object) for q in in_place} == \
        {(q.subject, q.predicate, q.object) for q in embedded}
    assert {g.value for g in store.named_graphs()} == set(inputs) | {"urn:in-place", "urn:embedded"}


def test_synthetic_data_closure_is_owlrl_s(project: Project) -> None:
    """Synthetic data in the project's model (several sources, disputes, figures, agreements, law)."""
    from hisab.synth import synthesize

    data = Graph()
    for triple in synthesize(25, seed=3).triples():
        data.add(tuple(from_ox(term) for term in (triple.subject, triple.predicate, triple.object)))
    ontology = project.store.union([str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS)])
    _same_closure(ontology, data)
