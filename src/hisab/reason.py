"""OWL 2 RL reasoning; entailments go into their own named graph.

The rules run as SPARQL inside the store (:mod:`hisab.reasoner`); owlrl, the reference implementation
in pure Python, is the oracle the tests compare them with (:func:`infer_owlrl`), and the fallback for
an ontology using an OWL construct the SPARQL rules do not cover.

Asserted triples are never changed: only the triples the closure adds are returned, minus the trivial
ones (``x owl:sameAs x``, ``x rdfs:subClassOf x``, ``x a owl:Thing`` …). What the rest adds, for the
Hisab ontology:

* superclass typing: a ``hisab:Massacre`` is also a ``hisab:Incident``, ``sem:Event`` and ``schema:Event``;
  a ``hisab:Tally`` is also a ``qb:Observation`` and ``prov:Entity``;
* transitive containment: a neighbourhood ``hisab:locatedIn`` a city is also located in the
  governorate and country; provisions are ``hisab:partOf`` every enclosing provision and the instrument;
* inverse properties: ``hisab:contains``, ``hisab:hasMember``/``hisab:memberOf``, ``hisab:hasProvision``,
  ``hisab:hasAuthorityOver``, ``hisab:disputedBy``, ``skos:narrower``;
* super-properties: ``hisab:place`` gives ``sem:hasPlace``, ``hisab:statedIn`` gives
  ``prov:wasDerivedFrom``, ``hisab:claimedBy`` gives ``prov:wasAttributedTo``,
  ``hisab:perpetrator`` and ``hisab:allegedViolator`` give ``hisab:attributedTo`` and ``sem:hasActor``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import owlrl
import pyoxigraph as ox
from oxrdflib._converter import from_ox, to_ox
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS

from hisab.errors import Diagnostic, HisabError
from hisab.reasoner import Unsupported, reason_in_store
from hisab.store import in_memory

_OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
_REFLEXIVE_NOISE = {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf}
_TYPE_NOISE = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}


def infer_in_store(store: ox.Store, inputs: Sequence[str], inferred: str,
                   notice: Callable[[str], None] | None = None, progress: Callable[[str], None] | None = None) -> int:
    """Put the OWL RL entailments of the named graphs ``inputs`` of ``store`` into its graph ``inferred``
    and return their number. An ontology beyond the SPARQL rules is reasoned with owlrl (slowly), with
    a ``notice`` saying so."""
    try:
        count, _ = reason_in_store(store, inputs, inferred, progress=progress)
        return count
    except Unsupported as exc:
        if notice:
            notice(f"{exc.message}; reasoning with owlrl instead, which is much slower")
    union = Graph()
    for name in inputs:
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            union.add(_rdflib_triple(q))
    entailments = infer_owlrl(Graph(), union)
    target = ox.NamedNode(inferred)  # quad by quad, so that blank nodes stay the store's own
    store.extend(ox.Quad(*(to_ox(term) for term in triple), target) for triple in entailments)
    return len(entailments)


def infer(ontology: Graph, data: Graph) -> Graph:
    """The OWL RL entailments of ``ontology`` + ``data`` that neither asserts, as a new graph.

    Raises :class:`HisabError` if the graph is inconsistent (for instance a resource typed with two
    disjoint classes), naming what was found.
    """
    store = ox.Store()  # quad by quad, so that the entailments name the same blank nodes as the input
    names = {"urn:hisab:input:ontology": ontology, "urn:hisab:input:data": data}
    for name, graph in names.items():
        store.extend(ox.Quad(*(to_ox(term) for term in triple), ox.NamedNode(name)) for triple in graph)
    infer_in_store(store, list(names), "urn:hisab:inferred")
    entailments = Graph()
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode("urn:hisab:inferred")):
        entailments.add(_rdflib_triple(quad))
    return entailments


def infer_owlrl(ontology: Graph, data: Graph) -> Graph:
    """The OWL RL entailments of ``ontology`` + ``data`` that neither asserts, computed by owlrl.

    The reference the SPARQL rules are tested against. Raises :class:`HisabError` if the reasoner
    finds the graph inconsistent, naming what it found.
    """
    work = in_memory(ontology, data)
    asserted = set(work)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    errors = sorted(str(m) for node in work.subjects(RDF.type, _OWLRL_ERRORS.ErrorMessage)
                    for m in work.objects(node, _OWLRL_ERRORS.error))
    if errors:
        raise HisabError(
            "OWL RL reasoning found the graph inconsistent; fix the data so that no resource has disjoint types",
            [Diagnostic("error", None, message) for message in errors],
        )
    inferred = Graph()
    for s, p, o in work:
        if (s, p, o) in asserted or _is_noise(s, p, o):
            continue
        inferred.add((s, p, o))
    return inferred


def _is_noise(s, p, o) -> bool:
    if isinstance(s, Literal):  # generalised RDF from the RL rules: not expressible in RDF 1.1
        return True
    if p in _REFLEXIVE_NOISE and s == o:
        return True
    if p == RDF.type and o in _TYPE_NOISE:
        return True
    return p == _OWLRL_ERRORS.error or o == _OWLRL_ERRORS.ErrorMessage


def _rdflib_triple(quad: ox.Quad) -> tuple:
    return from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)
