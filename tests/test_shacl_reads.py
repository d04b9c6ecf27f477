"""What a compiled query reads (:mod:`hisab.shacl_reads`), and a build's second validation that runs
again only the queries the entailments can change.

The compiler says what each query reads from the shapes; the test reads the same from each query's
own text (rdflib's syntax tree) and checks that the compiler's account covers it, so that a new kind
of constraint cannot read something its account leaves out. A merged copy extended by a graph keeps
the rows of the queries that graph cannot change, and gives the results of a fresh copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from hisab import shacl_run
from hisab.build import compute_entailments
from hisab.layout import Layout
from hisab.load import load_project
from hisab.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_SHAPES
from hisab.shacl_compile import compile_shapes
from hisab.shacl_reads import ANY, SUB_CLASS_OF, TYPE, Reads, sparql_reads
from hisab.store import EmbeddedStore
from hisab.synth import synthesize
from hisab.validate import MergedCopy, StoreLabels, compiled_shapes, outcome_of, validate_store
from tests.conftest import BASE_WORLD, FIXTURES, Vocabulary, make_project
from tests.test_validation_equivalence import _turtle

EX = "http://example.org/"
TYPE_AND_SUBCLASS = frozenset({TYPE, SUB_CLASS_OF})
SHAPE_FIXTURES = FIXTURES / "shapes"


def _covers(account: Reads, found: Reads) -> bool:
    """Whether the compiler's ``account`` of a query's reads includes everything ``found`` in its text."""
    if account.predicates is None:
        return True
    if found.predicates is None or not found.predicates <= account.predicates:
        return False
    return all(c in account.classes or account.predicates >= TYPE_AND_SUBCLASS for c in found.classes)


#: shapes using every constraint the compiler supports, every kind of target and nested shapes
EVERY_KIND = """
    ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:property [ sh:path ex:p ; sh:class ex:D ; sh:maxCount 1 ] ,
            [ sh:path ex:n ; sh:datatype xsd:integer ; sh:minInclusive 0 ; sh:lessThan ex:m ] ,
            [ sh:path ex:s ; sh:pattern "^a" ; sh:in ( "ab" "b" ) ] ,
            [ sh:path ( ex:p [ sh:inversePath ex:q ] ) ; sh:minCount 2 ] ,
            [ sh:path [ sh:alternativePath ( ex:r [ sh:zeroOrMorePath ex:t ] ) ] ; sh:lessThanOrEquals ex:u ] ,
            [ sh:path ex:k ; sh:hasValue ex:v ; sh:node ex:N ;
              sh:property [ sh:path ex:deep ; sh:class ex:E ] ] ;
        sh:xone ( [ sh:path ex:n ; sh:minCount 1 ] [ sh:path ex:s ; sh:minCount 1 ] ) ;
        sh:or ( ex:N [ sh:class ex:F ] ) ; sh:not [ sh:path ex:w ; sh:minCount 1 ] ;
        sh:and ( [ sh:closed true ; sh:property [ sh:path ex:z ] ] ) .
    ex:N a sh:NodeShape ; sh:class ex:D ; sh:property [ sh:path ex:x ; sh:maxCount 1 ] .
    ex:Closed a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:closed true ; sh:ignoredProperties ( ex:ignored ) ;
        sh:property [ sh:path ex:p ; sh:closed true ] .
    ex:Objects a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:targetNode ex:a ; sh:class ex:D .
    ex:Sparql a sh:NodeShape ;
        sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE { ?this <http://example.org/tagged> ?x }" ] ;
        sh:sparql [ a sh:SPARQLConstraint ; sh:select '''SELECT $this ?value WHERE {
            $this <http://example.org/part> ?value .
            ?value a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <http://example.org/Part> }''' ] .
"""


@pytest.mark.parametrize("which", ["project", "every kind"])
def test_the_compilers_account_covers_what_each_query_text_reads(vocabulary: Vocabulary, which: str) -> None:
    """For every compiled query, the predicates and classes its text reads (its syntax tree, the
    compiler's class tests counted as reads of instances) are in the account the compiler gives."""
    shapes = vocabulary.shapes if which == "project" else _turtle(EVERY_KIND)
    compiled = compile_shapes(shapes)
    assert len(compiled.queries) > (250 if which == "project" else 15)
    accounts = [q.reads.resolved() for q in compiled.queries]
    missed = [(str(q.shape), str(q.component), found) for q, account in zip(compiled.queries, accounts, strict=True)
              if not _covers(account, found := sparql_reads(q.sparql, exists_class_test=True))]
    assert missed == []
    # the account is no blanket: most queries name what they read, and class tests count as classes
    assert sum(a.predicates is not None for a in accounts) > 0.8 * len(accounts)
    assert any(a.classes and a.predicates is not None and TYPE not in a.predicates for a in accounts)


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT ?s WHERE { ?s ex:p ?o ; ex:q/ex:r* ?x }", Reads(frozenset({EX + "p", EX + "q", EX + "r"}))),
    ("SELECT ?s WHERE { ?s ?p ?o }", ANY),
    ("SELECT ?s WHERE { ?s !ex:p ?o }", ANY),
    ("SELECT ?s WHERE { GRAPH ?g { ?s ex:p ?o } }", ANY),
    ("SELECT ?s WHERE { ?s ex:p", ANY),  # not SPARQL: could read anything
    ("SELECT ?s WHERE { ?s a/rdfs:subClassOf* ex:C }", Reads(frozenset(), frozenset({EX + "C"}))),
    # rows counted or cut: more types for a node would count it more often
    ("SELECT (COUNT(?s) AS ?n) WHERE { ?s a/rdfs:subClassOf* ex:C }", Reads(TYPE_AND_SUBCLASS)),
    ("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a/rdfs:subClassOf* ex:C }",
     Reads(frozenset(), frozenset({EX + "C"}))),
    ("SELECT ?s WHERE { ?s a/rdfs:subClassOf* ex:C } LIMIT 1", Reads(TYPE_AND_SUBCLASS)),
    ("SELECT ?s WHERE { ?s a ex:C }", Reads(frozenset({TYPE}))),
    ("SELECT ?s ?t WHERE { ?s a ?t FILTER EXISTS { ?t rdfs:subClassOf* ex:C } }", Reads(TYPE_AND_SUBCLASS)),
    # rdflib's algebra drops a FILTER inside an EXISTS: the syntax tree keeps it
    ("SELECT ?s WHERE { ?s ex:p ?o FILTER EXISTS { ?o ex:q ?x FILTER NOT EXISTS { ?x ex:deep ?y } } }",
     Reads(frozenset({EX + "p", EX + "q", EX + "deep"}))),
])
def test_a_hand_written_query_reads_what_its_patterns_name(query: str, expected: Reads) -> None:
    prefixes = (("ex", EX), ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"))
    assert sparql_reads(query, prefixes) == expected


def test_the_compilers_class_test_counts_as_a_read_of_instances_only_in_its_own_form() -> None:
    """``?v a ?t`` with ``FILTER EXISTS { ?t rdfs:subClassOf* C }`` reads the instances of C when the
    type variable is used nowhere else; projected, it reads the types themselves."""
    prefixes = (("ex", EX), ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"))
    test = ("SELECT DISTINCT ?v WHERE { ?x ex:p ?v "
            "FILTER NOT EXISTS { ?v a ?t FILTER EXISTS { ?t rdfs:subClassOf* ex:C } } }")
    found = sparql_reads(test, prefixes, exists_class_test=True)
    assert found == Reads(frozenset({EX + "p"}), frozenset({EX + "C"}))
    projected = "SELECT ?v ?t WHERE { ?x ex:p ?v . ?v a ?t FILTER EXISTS { ?t rdfs:subClassOf* ex:C } }"
    found = sparql_reads(projected, prefixes, exists_class_test=True)
    assert found.predicates == frozenset({EX + "p", TYPE, SUB_CLASS_OF})


SMALL_SHAPES = """
    ex:Kinded a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:class ex:Kind ] .
    ex:Counted a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .
"""
SMALL_DATA = f"""
<{EX}t> a <{EX}Thing> ; <{EX}p> <{EX}v> .
<{EX}Sub> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{EX}Thing> .
"""


@pytest.mark.parametrize(("added", "ran"), [
    (f"<{EX}v> a <{EX}Kind> .", {"Kinded"}),  # a new instance of ex:Kind: the class test runs again
    (f"<{EX}t> <{EX}q> 1 .", {"Counted"}),  # a predicate the minimum count reads
    (f"<{EX}u> a <{EX}Sub> .", {"Kinded", "Counted"}),  # a new focus node of both
    (f"<{EX}t> <{EX}other> 1 .", set()),  # read by neither
])
def test_a_merged_copy_runs_again_only_what_an_added_graph_can_change(added: str, ran: set[str]) -> None:
    """The second run on an extended copy keeps the rows of the queries the added triples cannot
    change, runs the others, and gives the results of a fresh copy of both graphs."""
    store = ox.Store()
    store.load(SMALL_DATA, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:a"))
    store.load(added, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:b"))
    shapes = _turtle(SMALL_SHAPES)
    compiled = compiled_shapes(shapes)
    merged = MergedCopy(store, keep_after=0)
    first = validate_store(store, ["urn:a"], shapes, ontology=(), copy=merged)
    assert {r.node_shape for r in first.results} == {f"<{EX}Kinded>", f"<{EX}Counted>"}
    assert merged.last is not None and all(merged.last.ran)
    second = validate_store(store, ["urn:a", "urn:b"], shapes, ontology=(), copy=merged)
    assert second.results == validate_store(store, ["urn:a", "urn:b"], shapes, ontology=()).results
    again = {str(compiled.parents.get(q.shape, q.shape)).removeprefix(EX)
             for q, did in zip(compiled.queries, merged.last.ran, strict=True) if did}
    assert again == ran
    assert (merged.ran, merged.kept) == (len(again), len(compiled.queries) - len(again))


def test_rows_of_a_short_run_are_not_kept() -> None:
    """Below ``keep_after`` seconds of query work a run keeps no rows for the next (working out what
    the queries read would cost more than it saves): every query runs again."""
    store = ox.Store()
    store.load(SMALL_DATA, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:a"))
    store.load(f"<{EX}t> <{EX}other> 1 .", format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:b"))
    shapes = _turtle(SMALL_SHAPES)
    merged = MergedCopy(store, keep_after=60)
    validate_store(store, ["urn:a"], shapes, ontology=(), copy=merged)
    assert merged.last is not None and merged.last.instances is None
    validate_store(store, ["urn:a", "urn:b"], shapes, ontology=(), copy=merged)
    assert merged.kept == 0 and merged.ran == len(compiled_shapes(shapes).queries)


@pytest.mark.parametrize("defect", ["TypedShape/invalid-untyped.ttl", "ClaimShape/invalid-confidence.ttl",
                                    "CitationShape/invalid-not-a-norm-or-document.ttl",
                                    "AttributionShape/invalid-role.ttl"])
def test_a_build_keeps_the_rows_the_entailments_cannot_change_and_gives_a_fresh_copys_results(
        tmp_path: Path, layout: Layout, defect: str) -> None:
    """Synthetic data with a defect the shapes find, validated on a merged copy, then with its OWL RL
    entailments on the same copy, as a build does: some queries keep their rows, some run again, and
    the results are those of a fresh copy."""
    root = make_project(tmp_path / "project", layout, BASE_WORLD)
    synthesize(30, seed=5).write(root / "data" / "reports" / "a.ttl")
    shutil.copy(SHAPE_FIXTURES / defect, root / "data" / "reports" / "defect.ttl")
    store = EmbeddedStore()
    loaded = load_project(Layout(root), store)
    shapes = store.graph(str(GRAPH_SHAPES))
    graphs = loaded.graphs["data"]
    merged = MergedCopy(store.oxigraph, keep_after=0)
    assert validate_store(store.oxigraph, graphs, shapes, copy=merged).violations
    compute_entailments(store, loaded)
    reasoned = [*graphs, str(GRAPH_INFERRED)]
    second = validate_store(store.oxigraph, reasoned, shapes, copy=merged)
    assert merged.kept > 100 and merged.ran > 10
    fresh = ox.Store()
    for name in [*reasoned, str(GRAPH_ONTOLOGY)]:
        fresh.load(store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)),
                   format=ox.RdfFormat.N_TRIPLES)
    compiled = compiled_shapes(shapes)
    results = shacl_run.run(compiled, shacl_run.oxigraph_select(fresh), shacl_run.oxigraph_describe(fresh))
    expected = outcome_of(results, compiled, StoreLabels(store.oxigraph, reasoned, [str(GRAPH_ONTOLOGY)]))
    assert second.violations and second.results == expected.results
