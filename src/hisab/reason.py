"""OWL 2 RL reasoning with owlrl; entailments go into their own named graph.

Asserted triples are never changed: the closure is computed on a copy of the ontology and
data, and only the triples it adds are returned, minus the trivial ones (``x owl:sameAs x``,
``x rdfs:subClassOf x``, ``x a owl:Thing`` …). What the rest adds, for the Hisab ontology:

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

import owlrl
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS

from hisab.errors import Diagnostic, HisabError
from hisab.store import in_memory

_OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
_REFLEXIVE_NOISE = {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf}
_TYPE_NOISE = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}


def infer(ontology: Graph, data: Graph) -> Graph:
    """The OWL RL entailments of ``ontology`` + ``data`` that neither asserts.

    Raises :class:`HisabError` if the reasoner finds the graph inconsistent (for instance a
    resource typed with two disjoint classes), naming what it found.
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
