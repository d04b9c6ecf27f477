"""The search box: things found by their names (incidents, actors, places, agreements, provisions and
instruments, source documents), answered from the store.

One job: an index of every such thing's labels (rdfs:label, skos:prefLabel, skos:altLabel), read from
the store once, matched in memory: case, accents and the many apostrophes of transliterated names
(Ma'aret, Ma’aret, Maaret) do not matter, and every word typed must appear. Exact names come first,
then names that start with what was typed, then the rest.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

from rdflib import Literal, URIRef

from hisab.web.page_data import PageData

#: The kinds the search finds, in the order results are grouped, with the heading of each group.
KINDS = (("Incident", "Incidents"), ("Actor", "Actors"), ("Place", "Places"), ("Agreement", "Agreements"),
         ("Provision", "Provisions"), ("LegalInstrument", "Legal instruments"), ("SourceDocument", "Source documents"))
MAX_QUERY = 200  # characters of a search that are read
MAX_PER_KIND = 50


@dataclass(frozen=True)
class Entry:
    """A thing the search can find."""

    iri: URIRef
    kind: str
    label: str  # the name shown
    names: tuple[str, ...]  # every label, normalised


@dataclass(frozen=True)
class Hit:
    """A found thing, with the name that matched."""

    entry: Entry
    matched: str
    rank: int


def normalise(text: str) -> str:
    """Lower case, without accents, apostrophes or punctuation; words separated by one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['’‘`ʼʿʾ\u02bb]", "", plain)
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


class SearchIndex:
    """The labels of the searchable things, read from the store on first use."""

    def __init__(self, data: PageData) -> None:
        self.data = data
        self._entries: list[Entry] | None = None
        self._lock = threading.Lock()

    def entries(self) -> list[Entry]:
        """Every searchable thing."""
        with self._lock:
            if self._entries is None:
                self._entries = self._read()
            return self._entries

    def _read(self) -> list[Entry]:
        kinds = " ".join(f"hisab:{kind}" for kind, _ in KINDS)
        rows = self.data.select(
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "SELECT DISTINCT ?thing ?kind ?name WHERE { VALUES ?kind { " + kinds + " } "
            "?thing a ?type . ?type rdfs:subClassOf* ?kind . "
            "?thing rdfs:label|skos:prefLabel|skos:altLabel ?name . FILTER (isIRI(?thing)) }")
        order = [kind for kind, _ in KINDS]
        found: dict[URIRef, tuple[str, list[str]]] = {}
        for row in rows:
            thing, kind, name = row.get("thing"), str(row.get("kind", "")).rsplit("#", 1)[-1], row.get("name")
            if not isinstance(name, Literal) or kind not in order:
                continue
            best, names = found.get(thing, (kind, []))
            if order.index(kind) < order.index(best):
                best = kind
            names.append(str(name))
            found[thing] = (best, names)
        labels = self.data.labels(found)
        return [Entry(thing, kind, labels.get(thing) or names[0], tuple(sorted({normalise(n) for n in names})))
                for thing, (kind, names) in found.items()]

    def search(self, text: str) -> list[Hit]:
        """The things whose names hold every word of ``text``, best first."""
        wanted = normalise(text[:MAX_QUERY])
        if not wanted:
            return []
        words = wanted.split()
        hits = []
        for entry in self.entries():
            best: tuple[int, str] | None = None
            for name in entry.names:
                if not all(word in name for word in words):
                    continue
                rank = 0 if name == wanted else 1 if name.startswith(wanted) else 2 if f" {wanted}" in f" {name}" else 3
                if best is None or rank < best[0]:
                    best = (rank, name)
            if best is not None:
                hits.append(Hit(entry, best[1], best[0]))
        return sorted(hits, key=lambda h: (h.rank, h.entry.label.casefold(), str(h.entry.iri)))
