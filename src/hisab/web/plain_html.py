"""A plain, readable HTML rendering of a description (the pages proper come with the next issue).

One job: turn a description's triples into semantic HTML that works without JavaScript: the thing's
label, its properties with labels and links that stay on this server, what links to it, and the
claims about it with their claimant, grade, document and evidence pointer.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from hisab.namespaces import HISAB, compact
from hisab.web.describe import Description
from hisab.web.rdf_out import Rebase

#: What a claim's line shows: who claims it, whom it implicates, how sure, where, on which passage.
_CLAIM_FIELDS = (HISAB.claimedBy, HISAB.attributedTo, HISAB.confidence, HISAB.statedIn, HISAB.evidence)
_STYLE = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
          "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;"
          "vertical-align:top}th{width:14rem}a{color:#0645ad}code{font-size:.9em}")


def page(title: str, body: str, alternates: list[tuple[str, str]] | None = None) -> str:
    """A complete HTML document."""
    links = "".join(f'<link rel="alternate" type="{escape(media)}" href="{escape(href)}">'
                    for media, href in alternates or [])
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)} — Hisab</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">{links}<style>{_STYLE}</style>'
            f'</head><body><main>{body}</main></body></html>')


def render(description: Description, rebase: Rebase, alternates: list[tuple[str, str]]) -> str:
    """The description as a page."""
    this = URIRef(description.iri)
    labels = {s: str(o) for s, p, o in description.triples if p == RDFS.label and isinstance(o, Literal)}
    outgoing: dict = defaultdict(list)
    blank: dict = defaultdict(list)
    incoming: dict = defaultdict(list)
    claims: dict = defaultdict(dict)
    claim_nodes = {s for s, p, _ in description.triples if p == HISAB.claimedBy}
    for s, p, o in description.triples:
        if s == this:
            outgoing[p].append(o)
        elif isinstance(s, BNode):
            blank[s].append((p, o))
        if o == this and s != this:
            incoming[p].append(s)
        if s in claim_nodes:
            claims[s].setdefault(p, []).append(o)

    def show(term) -> str:
        if isinstance(term, URIRef):
            label = labels.get(term) or compact(str(term))
            return f'<a href="{escape(rebase.iri(str(term)))}">{escape(label)}</a>'
        if isinstance(term, BNode):
            inner = "; ".join(f"{escape(compact(str(p)))} {show(o)}" for p, o in blank.get(term, []))
            return f"[ {inner} ]"
        datatype = f' <small>({escape(compact(str(term.datatype)))})</small>' if term.datatype else ""
        return f"{escape(str(term))}{datatype}"

    title = labels.get(this) or compact(description.iri)
    def row(heading: str, terms) -> str:
        return f"<tr><th>{escape(heading)}</th><td>{'<br>'.join(show(t) for t in sorted(terms))}</td></tr>"

    rows = "".join(row(compact(str(p)), values) for p, values in sorted(outgoing.items()) if p != RDFS.label)
    inbound = "".join(row(compact(str(p)) + " of", nodes) for p, nodes in sorted(incoming.items()))
    claim_rows = []
    for claim, values in sorted(claims.items()):
        kinds = ", ".join(compact(str(t)) for t in values.get(RDF.type, []))
        fields = "; ".join(f"{escape(compact(str(p)))}: {', '.join(show(o) for o in values.get(p, []))}"
                           for p in _CLAIM_FIELDS if p in values)
        claim_rows.append(f"<li>{show(claim)} <small>({escape(kinds)})</small><br>{fields}</li>")
    body = (f"<h1>{escape(title)}</h1><p><code>{escape(rebase.iri(description.iri))}</code></p>"
            f"<table><caption>What the graph states</caption>{rows}</table>"
            + (f"<h2>Links to it</h2><table>{inbound}</table>" if inbound else "")
            + (f"<h2>Claims about it</h2><ul>{''.join(claim_rows)}</ul>" if claim_rows else "")
            + "<p>Also as " + ", ".join(f'<a href="{escape(h)}">{escape(m)}</a>' for m, h in alternates) + ".</p>")
    return page(title, body, alternates)
