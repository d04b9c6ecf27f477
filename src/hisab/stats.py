"""Counts of what the graph holds, per source document and overall."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from hisab.store import Store

#: Columns of the per-source table, and the class each counts.
COLUMNS = {
    "incidents": "Incident",
    "tallies": "Tally",
    "attributions": "Attribution",
    "counterclaims": "CounterClaim",
    "allegations": "ViolationAllegation",
    "demands": "Demand",
    "agreement_mentions": "AgreementMention",
    "citations": "Citation",
}

PER_SOURCE = """
PREFIX hisab: <https://w3id.org/hisab/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?doc ?column (COUNT(DISTINCT ?x) AS ?n) WHERE {
    VALUES (?column ?class) { COLUMN_VALUES }
    ?doc a hisab:SourceDocument .
    ?x hisab:statedIn ?doc ; a ?sub .
    ?sub rdfs:subClassOf* ?class .
}
GROUP BY ?doc ?column
""".replace("COLUMN_VALUES", " ".join(f'("{column}" hisab:{cls})' for column, cls in COLUMNS.items()))

ACTORS_PER_SOURCE = """
PREFIX hisab: <https://w3id.org/hisab/ontology#>
SELECT ?doc (COUNT(DISTINCT ?actor) AS ?n) WHERE {
    ?claim hisab:statedIn ?doc .
    ?claim hisab:attributedTo|hisab:perpetrator|hisab:allegedViolator|hisab:candidate|hisab:addressee ?actor .
}
GROUP BY ?doc
"""

DOCUMENTS = """
PREFIX hisab: <https://w3id.org/hisab/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?file ?title WHERE {
    ?doc a hisab:SourceDocument .
    OPTIONAL { ?doc hisab:localFileName ?file }
    OPTIONAL { ?doc dcterms:title ?title }
}
ORDER BY ?file
"""

TOTALS = """
PREFIX hisab: <https://w3id.org/hisab/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
    VALUES (?kind ?class) {
        ("incidents" hisab:Incident) ("actors" hisab:Actor) ("places" hisab:Place) ("tallies" hisab:Tally)
        ("attributions" hisab:Attribution) ("counter-claims" hisab:CounterClaim)
        ("allegations" hisab:ViolationAllegation) ("demands" hisab:Demand) ("citations" hisab:Citation)
        ("agreements" hisab:Agreement) ("legal instruments" hisab:LegalInstrument) ("provisions" hisab:Provision)
        ("legal norms" hisab:LegalNorm) ("evidence spans" hisab:EvidenceSpan) ("source documents" hisab:SourceDocument)
    }
    OPTIONAL { ?x a ?sub . ?sub rdfs:subClassOf* ?class }
}
GROUP BY ?kind
"""


@dataclass
class Stats:
    """Per-source rows and overall totals."""

    per_source: list[dict]
    totals: dict[str, int]


def collect(store: Store) -> Stats:
    """Count incidents, actors, tallies and claims per source document, and every kind of thing in all."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.query(PER_SOURCE):
        counts[str(row.doc)][str(row.column)] = int(row.n)
    for row in store.query(ACTORS_PER_SOURCE):
        counts[str(row.doc)]["actors"] = int(row.n)
    per_source = []
    for row in store.query(DOCUMENTS):
        doc = str(row.doc)
        entry: dict = {"document": doc, "file": str(row.file or ""), "title": str(row.title or "")}
        entry.update({column: counts[doc].get(column, 0) for column in (*COLUMNS, "actors")})
        per_source.append(entry)
    totals = {str(row.kind): int(row.n) for row in store.query(TOTALS)}
    return Stats(per_source, totals)
