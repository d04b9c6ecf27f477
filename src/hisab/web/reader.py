"""The source reader: a source document's text with every evidence span marked and linked to the claims it
supports, and the stretches no claim points at left plain, so a reviewer sees what became data.

One job: cut the checked text (:mod:`hisab.web.evidence_text`) at every span boundary into segments,
each knowing the spans that cover it; and measure coverage — the share of the document's own text
(``hisab:ownTextStart``/``hisab:ownTextEnd``: the report without the website's navigation and
links) that spans cover.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from hisab.namespaces import HISAB
from hisab.web.page_data import Node, PageData, Span
from hisab.web.pages import Link
from hisab.web.views import Viewer, claim_name


@dataclass
class Segment:
    """A stretch of the text: plain (no span), or covered by spans; ``opens`` are the spans starting here."""

    text: str
    covering: list[str] = field(default_factory=list)  # anchors of the spans covering it, shortest first
    opens: list[str] = field(default_factory=list)  # anchors of the spans that start here, longest first
    outside: bool = False  # before or after the document's own text (site navigation, links)


@dataclass
class SpanEntry:
    """A span with the claims that rest on it."""

    anchor: str
    start: int
    end: int
    claims: list[tuple[Link, str]]  # link, gist


@dataclass
class ReaderView:
    """What the reader page shows."""

    problem: str | None
    segments: list[Segment]
    spans: list[SpanEntry]
    own_start: int | None
    own_end: int | None
    covered: int  # characters of the own text inside at least one span
    own_length: int

    @property
    def coverage(self) -> float | None:
        """The share of the document's own text that evidence spans cover."""
        return self.covered / self.own_length if self.own_length else None


def reader_view(data: PageData, viewer: Viewer, iri: str, node: Node) -> ReaderView:
    """The reader of source document ``iri``."""
    record = data.documents().get(iri)
    entries = data.spans_of_document(iri)
    all_claims = sorted({c for _, claims in entries for c in claims})
    claim_nodes = data.nodes(all_claims)
    spans = [SpanEntry(f"span-{s.start}-{s.end}", s.start, s.end,
                       [(Link(viewer.href(str(c)), claim_name(c), str(c)),
                         str(claim_nodes.get(c, Node(c)).first(HISAB.gist) or "")) for c in claims])
             for s, claims in entries]
    own_start, own_end = _int(node.first(HISAB.ownTextStart)), _int(node.first(HISAB.ownTextEnd))
    if record is None:
        return ReaderView("the data identifies no text for this document (no SHA-256)", [], spans, own_start, own_end,
                          0, 0)
    text = viewer.texts.text(record)
    if text.text is None:
        return ReaderView(text.problem, [], spans, own_start, own_end, 0, 0)
    body = text.text
    start = own_start if own_start is not None else 0
    end = own_end if own_end is not None else len(body)
    segments = _segments(body, [s for s, _ in entries], start, end)
    covered = _covered([s for s, _ in entries], start, end)
    return ReaderView(None, segments, spans, own_start, own_end, covered, max(end - start, 0))


def _segments(text: str, spans: list[Span], own_start: int, own_end: int) -> list[Segment]:
    """The text cut at every span boundary and at the bounds of the own text."""
    usable = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), own_start, own_end, *(s.start for s in usable), *(s.end for s in usable)})
    cuts = [c for c in cuts if 0 <= c <= len(text)]
    segments = []
    for left, right in itertools.pairwise(cuts):
        if left == right:
            continue
        covering = sorted((s for s in usable if s.start <= left and right <= s.end), key=lambda s: s.end - s.start)
        opens = sorted((s for s in covering if s.start == left), key=lambda s: -(s.end - s.start))
        segments.append(Segment(text[left:right], [f"span-{s.start}-{s.end}" for s in covering],
                                [f"span-{s.start}-{s.end}" for s in opens],
                                outside=right <= own_start or left >= own_end))
    return segments


def _covered(spans: list[Span], start: int, end: int) -> int:
    """Characters of ``[start, end)`` inside at least one span."""
    total, reach = 0, start
    for span in sorted(spans, key=lambda s: s.start):
        left, right = max(span.start, reach), min(span.end, end)
        if right > left:
            total += right - left
            reach = right
    return total


def _int(term) -> int | None:
    try:
        return int(term) if term is not None else None
    except (TypeError, ValueError):
        return None



def reader_html(view: ReaderView) -> Markup:
    """The marked-up text (built here, not in a template: inside ``white-space: pre-wrap`` every character
    counts)."""
    parts = []
    for segment in view.segments:
        text = escape(segment.text)
        if segment.outside:
            parts.append(f'<span class="outside">{text}</span>')
            continue
        if not segment.covering:
            parts.append(str(text))
            continue
        where = segment.covering[0][5:].replace("-", "–")
        inner = f'<a href="#claims-{segment.covering[0]}" title="characters {where}">{text}</a>'
        deep = " deep" if len(segment.covering) > 1 else ""
        if not segment.opens:
            parts.append(f'<mark class="span{deep}">{inner}</mark>')
            continue
        opened = "".join(f'<mark id="{anchor}" class="span{deep}">' for anchor in segment.opens)
        parts.append(opened + inner + "</mark>" * len(segment.opens))
    return Markup("".join(parts))
