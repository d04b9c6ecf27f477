"""The page of every thing in the graph: incidents, actors, agreements, provisions and instruments, source
documents (the source reader), claims and figures, places, and a plain page for everything else.

One job: choose the page for a thing by what it is (:data:`hisab.web.page_data.PAGE_KINDS`) and gather
its view: the claims about it as graded claims of named sources with their evidence passages, facts on
which sources differ side by side, the saved queries that answer for it, links to what it touches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Identifier

from hisab.namespaces import HISAB, compact
from hisab.web import pages
from hisab.web.page_data import Node, PageData
from hisab.web.pages import Link
from hisab.web.views import Shown, Statement, Viewer, figure_text

DCTERMS = "http://purl.org/dc/terms/"

#: Properties that are the project's mapping of a claim, shown apart from what the source says.
MAPPING_PROPS = tuple(str(HISAB[name]) for name in ("mappedProvision", "mappingNote", "wordingMatches",
                                                   "mappedConflict"))
pages.environment().globals["mapping_props"] = MAPPING_PROPS  # the claim cards keep these apart

#: What an incident description may state, in the order the comparison shows it.
INCIDENT_FACTS = tuple(HISAB[name] for name in (
    "incidentKind", "date", "startDate", "endDate", "duration", "timeOfDay", "timeQualifier", "place", "target",
    "damaged", "weapon", "weaponModel", "inConflict", "partOfIncident", "resultOfAgreement", "precededBy"))
AGREEMENT_FACTS = tuple(HISAB[name] for name in (
    "party", "sponsor", "primarySponsor", "guarantor", "coversArea", "signatureDate", "entryIntoForce",
    "agreementStatus", "partOfAgreement", "precededBy"))
ACTOR_FACTS = tuple(HISAB[name] for name in ("underAuthorityOf", "hasMember", "affiliatedWith", "roleIn", "roleTitle"))
#: Links from a claim to the thing it is about, per kind of page.
ABOUT = {
    "Incident": (HISAB.describes, HISAB.aboutIncident),
    "Agreement": (HISAB.describes, HISAB.concernsAgreement, HISAB.allegedBreachOf),
    "Actor": (HISAB.describes, HISAB.attributedTo, HISAB.accused, HISAB.allegedViolator, HISAB.concernsActor,
              HISAB.candidate, HISAB.perpetrator, HISAB.implicates, HISAB.addressee),
    "Place": (HISAB.describes, HISAB.concernsPlace, HISAB.place, HISAB.target, HISAB.damaged, HISAB.refArea),
    "Provision": (HISAB.mappedProvision, HISAB.cites, HISAB.invokes, HISAB.defines),
    "LegalInstrument": (HISAB.mappedProvision, HISAB.cites, HISAB.invokes, HISAB.allegedBreachOf),
}


@dataclass
class Table:
    """Rows for a table: each cell a list of shown values; with the saved query that produced it."""

    columns: list[str]
    rows: list[list[list[Shown]]]
    query: str | None = None
    api: str | None = None


@dataclass
class Comparison:
    """Facts side by side, one column per source description, with the rows where sources differ marked."""

    sources: list[Link]
    rows: list[tuple[Link, list[list[Shown]], bool, list[Shown]]] = field(default_factory=list)
    # each row: the property, each source's values, whether sources differ, counter-claims against a value


class EntityPages:
    """Renders the page of a thing, for one server."""

    def __init__(self, data: PageData) -> None:
        self.data = data

    def render(self, iri: str, viewer: Viewer, alternates: list[tuple[str, str]]) -> str:
        """The HTML page of ``iri``."""
        kind = self.data.page_kind(iri)
        builder = {
            "Incident": self._incident, "Claim": self._claim, "SourceDocument": self._document,
            "Agreement": self._agreement, "Provision": self._provision, "LegalInstrument": self._provision,
            "Actor": self._actor, "Place": self._place,
        }.get(kind or "", self._plain)
        template, view = builder(iri, viewer)
        node = view.pop("node")
        labels = self.data.labels([URIRef(iri), *node.get(RDF.type)])
        title = labels.get(URIRef(iri)) or compact(iri)
        kinds = [labels.get(t) or compact(str(t)) for t in sorted(node.get(RDF.type))]
        incoming = view.pop("incoming", None)
        if incoming is None:
            incoming = self._incoming(iri, viewer)
        return pages.render(template, title=title, alternates=alternates, iri=iri, kinds=kinds, incoming=incoming,
                            shown_iri=viewer.href(iri), mapping_props=MAPPING_PROPS, **view)

    # --- kinds ------------------------------------------------------------------------------------
    def _incident(self, iri: str, viewer: Viewer) -> tuple[str, dict]:
        node = self.data.node(iri)
        claims = self.data.claims_linking(iri, ABOUT["Incident"])
        nodes = self.data.nodes(claims)
        counter = {c for c in claims if nodes.get(c) and nodes[c].get(HISAB.disputes)
                   and any(t in claims for t in nodes[c].get(HISAB.disputes))}
        groups = _grouped(claims, nodes, self.data, skip=counter)
        cards = {name: viewer.claim_cards(members) for name, members in groups.items()}
        descriptions = groups.get("descriptions", [])
        comparison = self._comparison(descriptions, nodes, INCIDENT_FACTS, viewer, counter_claims=counter)
        places = sorted({p for d in descriptions for prop in (HISAB.place,) for p in nodes[d].get(prop)}, key=str)
        return "incident.html", {
            "node": node, "statements": viewer.statements(node, {RDF.type, RDFS.label}),
            "comparison": comparison, "place_chains": [self._place_chain(p, viewer) for p in places],
            "figures": self._figure_table(groups.get("figures", []), viewer),
            "cards": cards, "sections": _SECTIONS,
        }

    def _agreement(self, iri: str, viewer: Viewer) -> tuple[str, dict]:
        node = self.data.node(iri)
        claims = self.data.claims_linking(iri, ABOUT["Agreement"])
        nodes = self.data.nodes(claims)
        groups = _grouped(claims, nodes, self.data)
        descriptions = [c for c in claims if HISAB.describes in nodes[c].props
                        and URIRef(iri) in nodes[c].get(HISAB.describes)]
        return "agreement.html", {
            "node": node, "statements": viewer.statements(node, {RDF.type, RDFS.label}),
            "comparison": self._comparison(descriptions, nodes, AGREEMENT_FACTS, viewer),
            "breaches": self._saved_table("agreement-breaches", {"agreement": iri}, viewer),
            "reach": self._saved_table("incidents-within-agreement-reach", {"agreement": iri}, viewer),
            "cards": {name: viewer.claim_cards(members) for name, members in groups.items()}, "sections": _SECTIONS,
        }

    def _actor(self, iri: str, viewer: Viewer) -> tuple[str, dict]:
        node = self.data.node(iri)
        descriptions = self.data.claims_linking(iri, (HISAB.describes,))
        nodes = self.data.nodes(descriptions)
        made = self.data.claims_linking(iri, (HISAB.claimedBy,))
        return "actor.html", {
            "node": node, "statements": viewer.statements(node, {RDF.type, RDFS.label}),
            "comparison": self._comparison(descriptions, nodes, ACTOR_FACTS, viewer),
            "accusations": self._saved_table("accusations-against-actor", {"actor": iri}, viewer),
            "attributed": self._saved_table("incidents-attributed-to-actor", {"actor": iri}, viewer),
            "description_cards": viewer.claim_cards(descriptions),
            "made": self._claim_list(made, viewer),
        }

    def _provision(self, iri: str, viewer: Viewer) -> tuple[str, dict]:
        node = self.data.node(iri)
        rows = self.data.select("SELECT ?below ?above WHERE { " + _term(iri)
                                + " hisab:partOf* ?below . ?below hisab:partOf ?above }")
        above = {r["below"]: r["above"] for r in rows}
        chain: list[Identifier] = []
        step = above.get(URIRef(iri))
        while step is not None and step not in chain and len(chain) < 20:
            chain.insert(0, step)
            step = above.get(step)
        children = [r["c"] for r in self.data.select("SELECT ?c WHERE { ?c hisab:partOf " + _term(iri) + " }")]
        crimes = [r["c"] for r in self.data.select("SELECT ?c WHERE { ?c hisab:definedIn " + _term(iri) + " }")]
        labels = self.data.labels([*chain, *children, *crimes])
        claims = self.data.claims_linking(iri, ABOUT["Provision"])
        return "provision.html", {
            "node": node, "statements": viewer.statements(node, {RDF.type, RDFS.label}),
            "chain": [viewer.link(u, labels) for u in chain],
            "children": sorted((viewer.link(c, labels) for c in children), key=lambda link: link.label),
            "crimes": [viewer.link(c, labels) for c in crimes],
            "allegations": self._saved_table("claims-by-provision", {"provision": iri}, viewer),
            "cards": viewer.claim_cards(claims),
        }

    def _place(self, iri: str, viewer: Viewer) -> tuple[str, dict]:
        node = self.data.node(iri)
        claims = self.data.claims_linking(iri, ABOUT["Place"])
        nodes = self.data.nodes(claims)
        descriptions = [c for c in claims if URIRef(iri) in nodes[c].get(HISAB.describes)]
        incidents = self.data.select("SELECT DISTINCT ?incident WHERE { ?d hisab:describes ?incident ; "
                                     "hisab:place|hisab:target|hisab:damaged " + _term(iri)
                                     + " . ?incident a hisab:Incident }")
        labels = self.data.labels(r["incident"] for r in incidents)
        return "place.html", {
            "node": node, "statements": viewer.statements(node, {RDF.type, RDFS.label}),
            "chain": self._place_chain(URIRef(iri), viewer),
            "description_cards": viewer.claim_cards(descriptions),
            "incidents": sorted((viewer.link(r["incident"], labels) for r in incidents), key=lambda link: link.label),
            "others": self._claim_list([c for c in claims if c not in descriptions], viewer),
        }

    def _claim(self, iri: str, viewer: Viewer) -> tuple[str, dict]:
        node = self.data.node(iri)
        card = viewer.claim_cards([URIRef(iri)])[0]
        totals = self._figure_table([URIRef(iri)], viewer) if HISAB["count"] in node.props else None
        parts = [r["part"] for r in self.data.select("SELECT ?part WHERE { ?part hisab:partOfTotal " + _term(iri)
                                                     + " }")]
        return "claim.html", {"node": node, "card": card, "figures": totals,
                              "parts": self._figure_table(parts, viewer) if parts else None}

    def _document(self, iri: str, viewer: Viewer) -> tuple[str, dict]:
        from hisab.web.reader import reader_html, reader_view

        node = self.data.node(iri)
        reader = reader_view(self.data, viewer, iri, node)
        return "document.html", {
            "node": node, "statements": viewer.statements(node, {RDF.type, RDFS.label}),
            "reader": reader, "reader_markup": reader_html(reader), "incoming": [],
        }

    def _plain(self, iri: str, viewer: Viewer) -> tuple[str, dict]:
        node = self.data.node(iri)
        blanks = self.data.blank_nodes(iri)
        structured = []
        for blank, triples in sorted(blanks.items(), key=str):
            inner = Node(URIRef(str(blank)))
            for p, o in triples:
                inner.props[p].append(o)
            structured.append(viewer.statements(inner))
        claims = self.data.claims_linking(iri, (HISAB.describes, HISAB.concernsTally, HISAB.concernsPlace))
        return "thing.html", {"node": node, "statements": viewer.statements(node, {RDF.type, RDFS.label}),
                              "structured": structured, "cards": viewer.claim_cards(claims)}

    # --- parts ------------------------------------------------------------------------------------
    def _incoming(self, iri: str, viewer: Viewer) -> list[Statement]:
        """What points at the thing, grouped by property (claims excepted: pages show those as claims)."""
        pointing = self.data.incoming(iri)
        labels = self.data.labels([*(s for s, _ in pointing), *(p for _, p in pointing)])
        grouped: dict[URIRef, list[Shown]] = defaultdict(list)
        for subject, prop in pointing:
            if prop in (HISAB.evidence,):
                continue
            grouped[prop].append(viewer.shown(subject, labels))
        return [Statement(viewer.link(p, labels), sorted(v, key=lambda s: s.link.label if s.link else s.text))
                for p, v in sorted(grouped.items(), key=lambda e: (labels.get(e[0]) or str(e[0])).lower())]

    def _comparison(self, descriptions: list[URIRef], nodes: dict[URIRef, Node], facts: tuple[URIRef, ...],
                    viewer: Viewer, counter_claims: Iterable[URIRef] = ()) -> Comparison | None:
        """The facts each description states, side by side; a row is marked where two sources differ."""
        if not descriptions:
            return None
        described = [nodes[d] for d in descriptions if d in nodes]
        documents = [n.first(HISAB.statedIn) for n in described]
        terms = [*facts, *documents, *(v for n in described for f in facts for v in n.get(f))]
        labels = self.data.labels(terms)
        sources = [Link(viewer.href(str(n.iri)), f"{labels.get(doc) or compact(str(doc))}", str(n.iri))
                   for n, doc in zip(described, documents, strict=True)]
        comparison = Comparison(sources)
        counters = self.data.nodes(counter_claims)
        counter_labels = self.data.labels([v for n in counters.values() for p in (HISAB.claimedBy, HISAB.disputedValue)
                                           for v in n.get(p)])
        for fact in facts:
            cells = [sorted(n.get(fact), key=str) for n in described]
            disputed = [n for n in counters.values() if fact in n.get(HISAB.disputedProperty)]
            if not any(cells) and not disputed:
                continue
            stated = {tuple(c) for c in cells if c}
            notes = []
            for counter in sorted(disputed, key=lambda n: str(n.iri)):
                claimant = ", ".join(counter_labels.get(c) or compact(str(c)) for c in counter.get(HISAB.claimedBy))
                value = ", ".join(counter_labels.get(v) or str(v) for v in counter.get(HISAB.disputedValue))
                notes.append(Shown(link=Link(viewer.href(str(counter.iri)),
                                             f"{claimant} disputes {value}" if value else f"{claimant} disputes it",
                                             str(counter.iri))))
            comparison.rows.append((viewer.link(fact, labels), [[viewer.shown(v, labels) for v in c] for c in cells],
                                    len(stated) > 1 or bool(notes), notes))
        return comparison

    def _place_chain(self, place: Identifier, viewer: Viewer) -> list[list[Link]]:
        """The places ``place`` lies in, step by step, as the sources place it (alternatives side by side)."""
        rows = self.data.select("SELECT DISTINCT ?below ?above WHERE { " + _term(str(place))
                                + " ((^hisab:describes/hisab:locatedIn)|hisab:locatedIn)* ?below . "
                                "{ ?d hisab:describes ?below ; hisab:locatedIn ?above } UNION "
                                "{ ?below hisab:locatedIn ?above } }")
        up: dict[Identifier, set[Identifier]] = defaultdict(set)
        for row in rows:
            up[row["below"]].add(row["above"])
        steps: list[list[Identifier]] = [[place]]
        seen = {place}
        while len(steps) < 12:
            following = sorted({a for b in steps[-1] for a in up.get(b, ()) if a not in seen}, key=str)
            if not following:
                break
            seen.update(following)
            steps.append(following)
        labels = self.data.labels(seen)
        return [[viewer.link(p, labels) for p in step] for step in steps]

    def _figure_table(self, tallies: list[URIRef], viewer: Viewer) -> Table | None:
        """Figures as the sources state them, each with the totals it is part of."""
        if not tallies:
            return None
        nodes = self.data.nodes(tallies)
        totals = {t for n in nodes.values() for t in n.get(HISAB.partOfTotal)}
        total_nodes = self.data.nodes(totals)
        terms = [v for n in [*nodes.values(), *total_nodes.values()] for vs in n.props.values() for v in vs]
        labels = self.data.labels([*terms, *totals])
        rows = []
        order = sorted(tallies, key=lambda t: (bool(nodes.get(t, Node(t)).get(HISAB.partOfTotal)), str(t)))
        for tally in order:
            node = nodes.get(tally, Node(tally))
            within = []
            for total in sorted(node.get(HISAB.partOfTotal), key=str):
                tn = total_nodes.get(total, Node(total))
                what = labels.get(tn.first(HISAB.category)) or ""
                period = labels.get(tn.first(HISAB.refPeriod)) or ""
                text = f" — {figure_text(tn.first(HISAB['count']), tn.first(HISAB.valueQualifier))} {what}".rstrip()
                within.append(Shown(link=viewer.link(total, {total: f"{compact(str(total)).split(':')[-1]}{text}"
                                                             + (f" ({period})" if period else "")})))
            rows.append([
                [Shown(link=viewer.link(tally, {tally: compact(str(tally)).split(":")[-1]}))],
                [viewer.shown(v, labels) for v in node.get(HISAB.category)],
                [Shown(text=figure_text(node.first(HISAB["count"]), node.first(HISAB.valueQualifier)))],
                [viewer.shown(v, labels) for v in [*node.get(HISAB.perpetrator), *node.get(HISAB.candidate)]],
                [viewer.shown(v, labels) for v in [*node.get(HISAB.refPeriod), *node.get(HISAB.refArea)]],
                within or [Shown(text="—")],
                [viewer.shown(v, labels) for v in node.get(HISAB.claimedBy)],
                [viewer.shown(v, labels) for v in node.get(HISAB.statedIn)],
            ])
        return Table(["figure", "what it counts", "as the source states it", "perpetrator", "period / area",
                      "part of (never add it to these)", "claimed by", "document"], rows)

    def _saved_table(self, name: str, values: dict[str, str], viewer: Viewer) -> Table | None:
        """The rows of a saved query for this thing, as a table."""
        if name not in self.data.catalogue:
            return None
        columns, rows = self.data.saved(name, tuple(sorted(values.items())))
        terms = [v for row in rows for v in row.values()]
        labels = self.data.labels(terms)
        shown = [[[viewer.shown(row[c], labels)] if c in row else [] for c in columns] for row in rows]
        return Table(list(columns), shown, name, f"/api/queries/{name}?{urlencode(values)}")

    def _claim_list(self, claims: list[URIRef], viewer: Viewer, limit: int = 300) -> dict:
        """A compact list of claims (link and gist), at most ``limit``."""
        nodes = self.data.nodes(claims[:limit])
        items = []
        for claim in claims[:limit]:
            node = nodes.get(claim, Node(claim))
            items.append((Link(viewer.href(str(claim)), _claim_label(claim), str(claim)),
                          str(node.first(HISAB.gist) or "")))
        return {"items": items, "total": len(claims)}


#: The sections of claims on incident and agreement pages, in order: (key, heading, what it is).
_SECTIONS = (
    ("descriptions", "What the sources describe",
     "Each source's description of the thing, with the passage it rests on."),
    ("attributions", "Who did it, according to whom", "Attributions: each a graded claim of its claimant."),
    ("allegations", "Alleged violations", "Allegations of breaches of law or agreements, as the source cites the "
     "provision; the project's mapping to its register of provisions is shown apart."),
    ("figures", "Figures", "Figures as the source states them, with their qualifiers."),
    ("others", "Other claims", "Characterisations, accusations, demands and other statements about it."),
)


def _grouped(claims: list[URIRef], nodes: dict[URIRef, Node], data: PageData,
             skip: Iterable[URIRef] = ()) -> dict[str, list[URIRef]]:
    """Claims by the section they belong in."""
    skipped = set(skip)
    groups: dict[str, list[URIRef]] = defaultdict(list)
    for claim in claims:
        if claim in skipped:
            continue
        kinds = data.kinds(str(claim))
        if "Tally" in kinds:
            groups["figures"].append(claim)
        elif "Attribution" in kinds:
            groups["attributions"].append(claim)
        elif "ViolationAllegation" in kinds:
            groups["allegations"].append(claim)
        elif "Description" in kinds:
            groups["descriptions"].append(claim)
        else:
            groups["others"].append(claim)
    return dict(groups)


def _claim_label(claim: URIRef) -> str:
    from hisab.web.views import claim_name

    return claim_name(claim)


def _term(iri: str) -> str:
    from hisab.queries import sparql_term

    return sparql_term(URIRef(iri))

