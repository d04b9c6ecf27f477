"""Alignments that hold when the reused vocabularies are loaded: OWL RL reasoning over the Hisab ontology,
the restated axioms of PROV-O, SEM, Data Cube, ELI, Web Annotation, SKOS, OWL-Time, DCTERMS and SDMX
(ontology/imports/) and the project's data entails nothing false, entails what the alignments promise,
and the shapes still conform on the asserted and inferred triples together."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from hisab.build import load_and_validate
from hisab.load import load_project
from hisab.namespaces import GRAPH_IMPORTS, GRAPH_INFERRED, GRAPH_ONTOLOGY, HISAB, SEM
from hisab.reason import infer
from hisab.store import EmbeddedStore

QB = Namespace("http://purl.org/linked-data/cube#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
IMPORTS = ("prov", "sem", "qb", "eli", "oa", "skos", "time", "dcterms", "sdmx")


@dataclass
class Closure:
    """Asserted data, the vocabulary (ontology + imports) and their OWL RL entailments."""

    data: Graph
    full: Graph

    def instances(self, cls: URIRef) -> set:
        return set(self.full.subjects(RDF.type, cls))


@pytest.fixture(scope="module")
def closure(layout) -> Closure:
    store = EmbeddedStore()
    loaded = load_project(layout, store)
    vocabulary = store.union([str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS)])
    data = store.union(loaded.graphs["data"])
    inferred = infer(vocabulary, data)  # raises if the graph is inconsistent under the imports' axioms
    full = Graph()
    for graph in (data, inferred):
        for triple in graph:
            full.add(triple)
    return Closure(data, full)


def test_every_reused_vocabulary_is_restated_with_its_source(layout):
    files = {p.stem: p for p in layout.import_files()}
    assert set(IMPORTS) <= set(files)
    for name in IMPORTS:
        head = files[name].read_text(encoding="utf-8")[:3000]
        assert "http" in head and "#" in head, f"{name}.ttl does not name the published file it restates"


def test_nothing_false_is_entailed(closure):
    incidents = closure.instances(HISAB.Incident)
    actors = closure.instances(HISAB.Actor)
    places = closure.instances(HISAB.Place)
    claims = closure.instances(HISAB.Claim)
    assert incidents and actors and places and claims
    # an incident, actor or place is not a PROV entity derived from a report: claims about it are
    for things, what in ((incidents, "incident"), (actors, "actor"), (places, "place")):
        assert not {t for t in things if (t, RDF.type, PROV.Entity) in closure.full}, f"an {what} is a prov:Entity"
        assert not {t for t in things if (t, PROV.wasDerivedFrom, None) in closure.full}, f"an {what} is derived"
    # a claim is not an event, and has no actors: its claimant and the actors it names are not participants
    assert not {c for c in claims if (c, RDF.type, SEM.Event) in closure.full}
    assert not {c for c in claims if (c, SEM.hasActor, None) in closure.full}
    # nothing but concepts is a skos:Concept
    for cls in (HISAB.Incident, HISAB.Actor, HISAB.Place, HISAB.Claim, HISAB.Provision, HISAB.Document):
        assert not {x for x in closure.instances(cls) if (x, RDF.type, SKOS.Concept) in closure.full}, cls
    # no literal was given a class through a range (a creator written as a string, say)
    assert not {o for o in closure.full.objects(None, RDF.type) if isinstance(o, Literal)}
    assert not {s for s, o in closure.full.subject_objects(RDF.type)
                if isinstance(s, Literal) and str(o).startswith("http://www.w3.org/ns/prov#")}


def test_the_alignments_entail_what_they_promise(closure):
    full = closure.full
    claim = next(iter(closure.instances(HISAB.Attribution)))
    assert (claim, RDF.type, PROV.Entity) in full
    assert any(full.triples((claim, PROV.wasDerivedFrom, None)))  # from its document
    assert any(full.triples((claim, PROV.wasAttributedTo, None)))  # to its claimant
    incident = next(iter(closure.instances(HISAB.Incident)))
    assert (incident, RDF.type, SEM.Event) in full
    actor = next(iter(closure.instances(HISAB.ArmedForce)))
    assert {(actor, RDF.type, SEM.Actor), (actor, RDF.type, PROV.Agent)} <= set(full.triples((actor, RDF.type, None)))
    provision = URIRef("https://w3id.org/hisab/id/provision/rome-statute-art-8-2-e-iv")
    assert (provision, RDF.type, ELI.LegalResource) in full
    assert (provision, HISAB.partOfTransitive, URIRef("https://w3id.org/hisab/id/instrument/rome-statute")) in full
    figure = next(t for t in closure.instances(HISAB.Tally) if (t, HISAB.refPeriod, None) in full)
    assert (figure, RDF.type, QB.Observation) in full
    assert any(full.triples((figure, SDMX_DIMENSION.refPeriod, None)))


def test_an_alignment_that_says_something_false_is_caught(layout):
    """Control: the old alignment of hisab:attributedTo under sem:hasActor gives claims actors."""
    store = EmbeddedStore()
    loaded = load_project(layout, store)
    vocabulary = store.union([str(GRAPH_ONTOLOGY), str(GRAPH_IMPORTS)])
    vocabulary.add((HISAB.attributedTo, URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"), SEM.hasActor))
    data = store.union(loaded.graphs["data"])
    inferred = infer(vocabulary, data)
    assert any(inferred.triples((None, SEM.hasActor, None)))
    assert not isinstance(next(iter(inferred.subjects(SEM.hasActor, None))), BNode)


def test_the_shapes_conform_on_asserted_and_inferred_triples(layout):
    store = EmbeddedStore()
    _loaded, outcome = load_and_validate(layout, store, reasoned=True)
    assert store.count(str(GRAPH_INFERRED)) > 0
    assert [(r.node_shape, r.focus, r.message) for r in outcome.violations] == []
    assert outcome.conforms
