"""How the pages show RDF terms, figures and claims: labels instead of IRIs, dates at their precision,
figures with their qualifiers, claims with claimant, grade, document and the evidence passages.

One job: turn what :mod:`hisab.web.page_data` read into plain view objects for the templates.
Nothing here is made more certain than the data: a month-only date says so, a lower bound reads
"at least", a disputed claim is marked disputed and carries the claims that dispute it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Identifier

from hisab.namespaces import HISAB, compact
from hisab.web.evidence_text import Passage, SourceTexts
from hisab.web.page_data import Node, PageData
from hisab.web.pages import Link

SCHEME = "https://w3id.org/hisab/scheme/"
QUALIFIER = SCHEME + "qualifier/"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")

#: The properties a claim card shows in its header or footer rather than among its statements.
BOOKKEEPING = frozenset({RDF.type, HISAB.gist, HISAB.claimedBy, HISAB.statedIn, HISAB.evidence, HISAB.confidence,
                         RDFS.label, HISAB.disputes})

Href = Callable[[str], str]  # an IRI to the URL a reader follows (rebased to this server)


@dataclass(frozen=True)
class Shown:
    """A value as a page shows it: a link, or text with an optional note (datatype, precision)."""

    link: Link | None = None
    text: str = ""
    note: str = ""


@dataclass
class Statement:
    """One property of a thing or a claim, with its values."""

    prop: Link
    values: list[Shown]


@dataclass
class PassageView:
    """An evidence passage with where to read it in its source."""

    passage: Passage
    document: Link
    reader_href: str


@dataclass
class ClaimCard:
    """A claim as a page shows it."""

    link: Link
    classes: list[str]
    gist: str
    claimant: list[Shown]
    grade: list[Shown]
    documents: list[Shown]
    statements: list[Statement]
    passages: list[PassageView]
    disputed_by: list[ClaimCard] = field(default_factory=list)
    disputes: list[Shown] = field(default_factory=list)
    counter: bool = False

    @property
    def disputed(self) -> bool:
        """Whether another claim disputes this one."""
        return bool(self.disputed_by)


class Viewer:
    """Builds view objects for one request (one origin), over the server's page data."""

    def __init__(self, data: PageData, texts: SourceTexts, href: Href) -> None:
        self.data = data
        self.texts = texts
        self.href = href

    # --- terms ------------------------------------------------------------------------------------
    def link(self, iri: Identifier, labels: dict[Identifier, str] | None = None) -> Link:
        """A link to a thing, named by its label."""
        labels = labels if labels is not None else self.data.labels([iri])
        label = labels.get(iri) or compact(str(iri))
        return Link(self.href(str(iri)), label, str(iri))

    def shown(self, term: Identifier, labels: dict[Identifier, str]) -> Shown:
        """A term as shown on a page."""
        if isinstance(term, URIRef):
            return Shown(link=self.link(term, labels))
        if isinstance(term, BNode):
            return Shown(text="(a structured value)")
        assert isinstance(term, Literal)
        return Shown(text=literal_text(term), note=literal_note(term))

    def statements(self, node: Node, skip: Iterable[URIRef] = ()) -> list[Statement]:
        """The node's properties with their values, labelled, in a stable order."""
        skipped = set(skip)
        props = [p for p in node.props if p not in skipped]
        labels = self.data.labels([*props, *(v for p in props for v in node.get(p))])
        rows = []
        for prop in sorted(props, key=lambda p: (labels.get(p) or compact(str(p))).lower()):
            values = sorted(node.get(prop), key=lambda v: (labels.get(v) or str(v)).lower())
            rows.append(Statement(self.link(prop, labels), [self.shown(v, labels) for v in values]))
        return rows

    # --- claims -----------------------------------------------------------------------------------
    def claim_cards(self, claims: Iterable[URIRef], depth: int = 3) -> list[ClaimCard]:
        """Cards for the claims, each with the claims that dispute it (to ``depth`` levels)."""
        claims = sorted(set(claims))
        nodes = self.data.nodes(claims)
        against = self.data.disputing(claims) if depth > 0 else {}
        counter_cards: dict[URIRef, ClaimCard] = {}
        counters = sorted({c for cs in against.values() for c in cs})
        if counters:
            for card in self.claim_cards(counters, depth - 1):
                counter_cards[URIRef(card.link.title)] = card
        spans = self.data.spans(v for n in nodes.values() for v in n.get(HISAB.evidence))
        documents = self.data.documents()
        terms = [v for n in nodes.values() for vs in n.props.values() for v in vs]
        labels = self.data.labels([*terms, *(s.document for s in spans.values())])
        cards = []
        for claim in claims:
            node = nodes.get(claim, Node(claim))
            passages = []
            for span_iri in sorted(node.get(HISAB.evidence), key=lambda s: (spans[s].start, spans[s].end)
                                   if s in spans else (0, 0)):
                span = spans.get(span_iri)
                if span is None:
                    continue
                record = documents.get(str(span.document))
                if record is None:
                    passage = Passage(str(span.document), span.start, span.end, None,
                                      "the data identifies no text for this document (no SHA-256)")
                else:
                    passage = self.texts.passage(record, span.start, span.end)
                passages.append(PassageView(passage, self.link(span.document, labels),
                                            self.href(str(span.document)) + "#" + passage.anchor))
            card = ClaimCard(
                link=Link(self.href(str(claim)), claim_name(claim), str(claim)),
                classes=[labels.get(t) or compact(str(t)) for t in sorted(node.get(RDF.type))],
                gist=str(node.first(HISAB.gist) or ""),
                claimant=[self.shown(v, labels) for v in sorted(node.get(HISAB.claimedBy))],
                grade=[self.shown(v, labels) for v in sorted(node.get(HISAB.confidence))],
                documents=[self.shown(v, labels) for v in sorted(node.get(HISAB.statedIn))],
                statements=self.statements(node, BOOKKEEPING),
                passages=passages,
                disputed_by=[counter_cards[c] for c in against.get(claim, []) if c in counter_cards],
                disputes=[self.shown(v, labels) for v in sorted(node.get(HISAB.disputes))],
                counter=bool(node.get(HISAB.disputes)),
            )
            cards.append(card)
        return cards


def claim_name(claim: Identifier) -> str:
    """A claim's short name: its identifier under ``id/claim/`` (or ``id/tally/``)."""
    text = str(claim)
    for marker in ("/id/claim/", "/id/tally/"):
        if marker in text:
            return ("figure " if marker == "/id/tally/" else "claim ") + text.split(marker, 1)[1]
    return compact(text)


def literal_text(term: Literal) -> str:
    """A literal as a reader reads it: dates in words at their precision, times without seconds."""
    value = str(term)
    datatype = term.datatype
    try:
        if datatype == XSD.date:
            day = dt.date.fromisoformat(value[:10])
            return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" + value[10:]
        if datatype == XSD.gYearMonth:
            year, month = value[:7].split("-")
            return f"{_MONTHS[int(month) - 1]} {int(year)}" + value[7:]
        if datatype == XSD.time and len(value) >= 5:
            return value[:5] if value[5:8] in ("", ":00") else value
    except (ValueError, IndexError):
        return value
    return value


def literal_note(term: Literal) -> str:
    """What a reader should know of a literal's precision or type."""
    if term.datatype == XSD.gYearMonth:
        return "month only: the source gives no day"
    if term.datatype == XSD.gYear:
        return "year only: the source gives no month or day"
    return ""


def figure_text(count: Identifier | None, qualifier: Identifier | None) -> str:
    """A figure as the source states it: "at least 79", "about 40", "79"."""
    if count is None:
        return "no figure"
    number = str(count)
    with contextlib.suppress(ValueError):
        number = f"{int(number):,}"
    kind = str(qualifier or "")[len(QUALIFIER):] if str(qualifier or "").startswith(QUALIFIER) else ""
    return {"at-least": f"at least {number}", "approximately": f"about {number}", "exact": number}.get(
        kind, f"{number} ({compact(str(qualifier))})" if qualifier is not None else number)
