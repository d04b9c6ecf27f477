"""A thing's description: what a Linked Data client gets when it dereferences the thing's IRI.

One job: from the store, the self-contained description of one IRI (Cool URIs, "303 URIs
forwarding to one generic document"): the thing's outgoing triples with the blank nodes they lead
to, the labels of what they point at, every incoming link with the linking node's label and type,
and every claim about the thing with its grade, claimant, document and evidence pointer (the span
and its selector). One CONSTRUCT query, the same on the embedded store and on a remote endpoint, so
blank nodes stay whole in one answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Identifier

from hisab.queries import sparql_term

Triple = tuple[Identifier, Identifier, Identifier]
GraphQuery = Callable[[str], Iterable[Triple]]

_DESCRIBE = """
PREFIX hisab: <https://w3id.org/hisab/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT {
  ?this ?p ?o . ?o ?p2 ?o2 . ?o2 ?p3 ?o3 . ?o rdfs:label ?oLabel .
  ?in ?ip ?this . ?in rdfs:label ?inLabel . ?in rdf:type ?inType .
  ?in ?cp ?co . ?co ?ep ?eo . ?eo ?sp ?so . ?claimant rdfs:label ?claimantLabel .
}
WHERE {
  VALUES ?this { THIS }
  {
    ?this ?p ?o .
    OPTIONAL { ?o ?p2 ?o2 . FILTER (isBlank(?o))
               OPTIONAL { ?o2 ?p3 ?o3 . FILTER (isBlank(?o2)) } }
    OPTIONAL { ?o rdfs:label ?oLabel . FILTER (isIRI(?o)) }
  } UNION {
    ?in ?ip ?this .
    OPTIONAL { ?in rdfs:label ?inLabel }
    OPTIONAL { ?in rdf:type ?inType }
    OPTIONAL {
      ?in hisab:claimedBy ?claimant .
      OPTIONAL { ?claimant rdfs:label ?claimantLabel }
      ?in ?cp ?co .
      OPTIONAL { ?co ?ep ?eo . FILTER (?cp = hisab:evidence || isBlank(?co))
                 OPTIONAL { ?eo ?sp ?so . FILTER (isBlank(?eo)) } }
    }
  }
}
"""


@dataclass(frozen=True)
class Description:
    """The triples that describe ``iri``; empty if the graph does not know it."""

    iri: str
    triples: frozenset[Triple]

    @property
    def known(self) -> bool:
        """Whether the graph says anything about the IRI."""
        return bool(self.triples)


def describe(iri: str, run: GraphQuery) -> Description:
    """The description of ``iri``, computed with ``run`` (a CONSTRUCT runner on the store)."""
    query = _DESCRIBE.replace("THIS", sparql_term(URIRef(iri)), 1)
    return Description(iri, frozenset(tuple(t) for t in run(query)))
