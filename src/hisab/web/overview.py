"""Overview pages: the timeline, casualty charts, agreements with their alleged breaches, provisions with
the allegations under each.

One job: turn the answers of saved queries (``queries/*.rq``, run on the server's store) into page views;
:mod:`hisab.web.charts` draws, the templates lay out. Every figure and date shown is a value of a saved
query's answer, as the source states it: a lower bound stays "≥", an approximation "≈", a month-only date a
month, an undetermined perpetrator undetermined, and a figure that is part of another is drawn inside it and
said to be part of it — nothing is added up. Each page links to the saved queries it shows.

The store does not change while the server runs: a page's view is computed once per origin and kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hisab.queries import bind, load_catalogue
from hisab.web import charts
from hisab.web.backend import Backend
from hisab.web.pages import Link, environment, html_response, render
from hisab.web.rdf_out import Rebase

if TYPE_CHECKING:
    from hisab.web.app import Settings

DIMENSION = "https://w3id.org/hisab/scheme/dimension/"
UNDETERMINED = DIMENSION + "undetermined"
NOT_STATED = DIMENSION + "not-stated"
TOTAL = DIMENSION + "total"

Row = dict[str, str]


def rows_of(backend: Backend, settings: Settings, name: str, **values: str) -> list[Row]:
    """The answer of the saved query ``name`` (with ``values`` bound) as rows of strings; unbound is absent."""
    catalogue = _catalogue(settings.queries_dir)
    text, _ = bind(catalogue[name], values)
    return [{k: str(v) for k, v in row.items()} for row in backend.select(text)]


@lru_cache(maxsize=8)
def _catalogue(folder):
    if folder is None:
        raise LookupError("the server has no saved queries (no queries folder)")
    return load_catalogue(folder)


def _rebase(settings: Settings, origin: str) -> Rebase:
    return Rebase.serving(settings.base, origin)


@dataclass
class Chart:
    """A chart as the templates place it: the figure's id, caption, the SVG and a note."""

    id: str
    caption: str
    svg: Markup
    note: str = ""


@dataclass
class QueryLink:
    """A saved query a page shows: its name and summary."""

    name: str
    summary: str

    @property
    def href(self) -> str:
        """Where the saved query is described and run."""
        return f"/queries/{self.name}"


class _Context:
    """What every view needs: the query runner, the rebase and the source documents."""

    def __init__(self, backend: Backend, settings: Settings, origin: str) -> None:
        self.backend = backend
        self.settings = settings
        self.rebase = _rebase(settings, origin)
        self._documents: dict[str, Link] | None = None

    def run(self, name: str, **values: str) -> list[Row]:
        return rows_of(self.backend, self.settings, name, **values)

    def query(self, name: str) -> QueryLink:
        return QueryLink(name, _catalogue(self.settings.queries_dir)[name].summary)

    def link(self, iri: str, label: str) -> Link:
        return Link(self.rebase.iri(iri), label, iri)

    def document(self, source: str) -> Link | str:
        """The source document named by its file name (as the saved queries give it), as a link."""
        if self._documents is None:
            self._documents = {r["file"]: self.link(r["document"], r.get("title", r["file"]))
                               for r in self.run("source-documents") if "file" in r and "document" in r}
        found = self._documents.get(source)
        return Link(found.href, found.label, f"{source} — {found.title}") if found else source


# --- the timeline -------------------------------------------------------------------------------------

def _precision_note(date: str) -> str:
    found = charts.when(date)
    return {"month": "month only", "year": "year only"}.get(found.precision, "") if found else "not a date"


def timeline_view(ctx: _Context) -> dict[str, Any]:
    """The timeline: agreements' dates and periods in force, incidents' dates, and the tables behind them."""
    dated = ctx.run("timeline")
    periods = ctx.run("agreement-periods")
    agreements: dict[str, dict[str, Any]] = {}
    for r in periods:
        entry = agreements.setdefault(r["agreement"], {"label": r["agreementLabel"], "marks": {}, "in_force": {},
                                                       "statuses": [], "first": "9999"})
        source = ctx.document(r["source"]) if "source" in r else ""
        said = f"stated in {getattr(source, 'label', source)} ({r.get('claimantLabel', '')})"
        if "signatureDate" in r:
            entry["marks"].setdefault((r["signatureDate"], "date of conclusion"), []).append(said)
            entry["first"] = min(entry["first"], r["signatureDate"])
        if "entryIntoForce" in r:
            entry["in_force"].setdefault((r["entryIntoForce"], r.get("endDate", "")), []).append(said)
            entry["first"] = min(entry["first"], r["entryIntoForce"])
        elif "endDate" in r:
            entry["marks"].setdefault((r["endDate"], "end date"), []).append(said)
        if "status" in r and "endDate" not in r:
            entry["statuses"].append(f"{r['status']} (no date given; {said})")
    lanes: list[charts.Lane] = []
    undated: list[Link] = []
    for iri, entry in sorted(agreements.items(), key=lambda item: (item[1]["first"], item[1]["label"])):
        status = "; ".join(entry["statuses"])
        in_force = tuple(charts.InForce(start, end, "; ".join(notes) + (f"; status: {status}" if status else ""))
                         for (start, end), notes in entry["in_force"].items())
        marks = tuple(charts.TimeMark(date, kind, "; ".join(notes)) for (date, kind), notes in entry["marks"].items())
        if not marks and not in_force:
            undated.append(ctx.link(iri, entry["label"]))
            continue
        lanes.append(charts.Lane(iri, entry["label"], ctx.rebase.iri(iri), "agreement", marks, in_force))
    incidents: dict[str, dict[str, Any]] = {}
    for r in dated:
        if r.get("what") != "incident":
            continue
        entry = incidents.setdefault(r["thing"], {"label": r["label"], "marks": {}, "first": r["date"]})
        entry["first"] = min(entry["first"], r["date"])
        source = ctx.document(r["source"])
        entry["marks"].setdefault((r["date"], r["dateKind"]), []).append(
            f"stated in {getattr(source, 'label', source)} ({r.get('claimantLabel', '')})")
    for iri, entry in sorted(incidents.items(), key=lambda item: (item[1]["first"], item[1]["label"])):
        marks = tuple(charts.TimeMark(date, kind, "; ".join(notes)) for (date, kind), notes in entry["marks"].items())
        lanes.append(charts.Lane(iri, entry["label"], ctx.rebase.iri(iri), "incident", marks))
    svg = charts.timeline_chart(
        "timeline-chart", "Incidents and agreements on a time axis",
        f"{sum(1 for lane in lanes if lane.group == 'incident')} incidents and "
        f"{sum(1 for lane in lanes if lane.group == 'agreement')} agreements, at the dates the sources give: a day "
        "is a mark, a month-only date a band as wide as its month; an agreement's period in force runs from its "
        "entry into force and is drawn open where no source dates its end.", lanes)
    table = [{"date": r["date"], "precision": _precision_note(r["date"]), "what": r["what"],
              "kind": r.get("dateKind", ""), "thing": ctx.link(r["thing"], r["label"]),
              "source": ctx.document(r["source"]), "claimant": r.get("claimantLabel", "")} for r in dated]
    in_force_rows = [{"agreement": ctx.link(r["agreement"], r["agreementLabel"]), "kind": r.get("kind", ""),
                      "concluded": r.get("signatureDate", ""), "entry": r.get("entryIntoForce", ""),
                      "end": r.get("endDate", ""), "status": r.get("status", ""),
                      "source": ctx.document(r["source"]) if "source" in r else "",
                      "claimant": r.get("claimantLabel", "")} for r in periods]
    return {"chart": Chart("timeline-chart", "Incidents against the agreements' periods in force", Markup(svg),
                           "Hover a mark for the date as given and the document that states it."),
            "rows": table, "periods": in_force_rows, "undated": undated,
            "queries": [ctx.query("timeline"), ctx.query("agreement-periods")]}


# --- casualties ---------------------------------------------------------------------------------------

@dataclass
class Figure:
    """One figure of people killed, as a row of civilian-deaths-by-perpetrator gives it."""

    key: str
    value: str
    count: int
    qualifier: str
    category: str
    perpetrator: str
    perpetrator_label: str
    grade: str
    attributions: str
    candidates: str
    level: str
    period: str
    area: str
    kind: str
    incident: str
    incident_label: str
    within: str
    source: str
    totals: list[str] = field(default_factory=list)

    @property
    def undetermined(self) -> bool:
        """The source has not determined who is responsible."""
        return self.perpetrator == UNDETERMINED or self.grade == "undetermined" or "candidate" in self.level

    @property
    def what(self) -> str:
        """What is counted, with the kind of incident it is restricted to."""
        restricted = self.kind and self.kind != "all kinds of incident"
        return self.category + (f" in {self.kind}" if restricted else "")

    @property
    def who(self) -> str:
        """The perpetrator as the source names it."""
        if self.undetermined:
            return "perpetrator undetermined" + (f" (candidates named: {self.candidates})" if self.candidates else "")
        if self.perpetrator == NOT_STATED:
            return "perpetrator not stated"
        if self.perpetrator == TOTAL:
            return "all perpetrators (the source's total)"
        return self.perpetrator_label


def _figures(rows: Iterable[Row], parts: Iterable[Row]) -> list[Figure]:
    totals: dict[str, list[str]] = defaultdict(list)
    for r in parts:
        if r["total"] not in totals[r["part"]]:
            totals[r["part"]].append(r["total"])
    figures = []
    for r in rows:
        figures.append(Figure(
            key=r["figure"], value=r.get("value", r.get("count", "")), count=int(float(r.get("count", "0"))),
            qualifier=r.get("qualifier", ""), category=r.get("categoryLabel", ""), perpetrator=r.get("perpetrator", ""),
            perpetrator_label=r.get("perpetratorLabel", ""), grade=r.get("grade", ""),
            attributions=r.get("attributions", ""), candidates=r.get("candidates", ""), level=r.get("level", ""),
            period=r.get("periodLabel", "not stated"), area=r.get("areaLabel", "not stated"),
            kind=r.get("incidentKind", ""), incident=r.get("incident", ""), incident_label=r.get("incidentLabel", ""),
            within=r.get("withinTotal", ""), source=r.get("source", ""), totals=totals.get(r["figure"], [])))
    return figures


def _nested(members: list[Figure]) -> list[tuple[Figure, int, str]]:
    """The panel's figures in drawing order, each with its depth and the figure it is drawn inside: a part
    follows its total (one of them when it is part of several in the panel), never added to it."""
    inside = {f.key: f for f in members}
    parent: dict[str, str] = {}
    for f in members:
        candidates = [t for t in f.totals if t in inside and t != f.key]
        same = [t for t in candidates if inside[t].category == f.category]
        if candidates:
            parent[f.key] = (same or candidates)[0]
    children: dict[str, list[Figure]] = defaultdict(list)
    for f in members:
        if f.key in parent:
            children[parent[f.key]].append(f)
    order: list[tuple[Figure, int, str]] = []
    seen: set[str] = set()

    def visit(f: Figure, depth: int) -> None:
        if f.key in seen:
            return
        seen.add(f.key)
        order.append((f, depth, parent.get(f.key, "") if depth else ""))
        for child in sorted(children[f.key], key=lambda c: (-c.count, c.what)):
            visit(child, depth + 1)

    for f in sorted((f for f in members if f.key not in parent), key=lambda f: (f.source, -f.count, f.what)):
        visit(f, 0)
    for f in members:  # anything left (a cycle in bad data): on its own
        visit(f, 0)
    return order


@dataclass
class _Dimension:
    """One way to split the figures into panels."""

    id: str
    heading: str
    caption: str
    group: Callable[[Figure], str]
    title: Callable[[str, list[Figure]], str]
    note: Callable[[str, list[Figure]], str]
    order: Callable[[str], tuple]
    label: Callable[[Figure], str]
    detail: Callable[[Figure], str]


def casualties_view(ctx: _Context) -> dict[str, Any]:
    """The casualty charts by perpetrator, period, area and category, each with its table."""
    figures = _figures(ctx.run("civilian-deaths-by-perpetrator"), ctx.run("figure-parts"))
    periods = {r["periodLabel"]: r for r in ctx.run("reference-periods")}

    def source_name(f: Figure) -> str:
        doc = ctx.document(f.source)
        return getattr(doc, "label", str(doc))

    def period_start(label: str) -> tuple:
        found = charts.when(label)
        if found:
            return (0, found.first.isoformat(), label)
        r = periods.get(label, {})
        start = r.get("startDate") or r.get("startsWithDate")
        if start:
            return (0, start, label)
        return (1 if label != "not stated" else 2, "", label)

    def period_note(label: str, members: list[Figure]) -> str:
        if charts.when(label):
            return "the incident's date, as the same document gives it"
        r = periods.get(label, {})
        if "startDate" in r or "endDate" in r:
            return f"from {r.get('startDate', '(not given)')} to {r.get('endDate', '(not given)')}"
        if "startsAfterEndOf" in r:
            return f"after the end of: {r['startsAfterEndOf']} (no source dates that end)"
        if "startsWith" in r:
            return f"starts with: {r['startsWith']}" + (f" ({r['startsWithDate']})" if "startsWithDate" in r else "")
        return ""

    def perpetrator_order(key: str) -> tuple:
        return ({TOTAL: 1, NOT_STATED: 2, UNDETERMINED: 3}.get(key, 0), key)

    def perpetrator_title(key: str, members: list[Figure]) -> str:
        return members[0].who if members else key

    def perpetrator_note(key: str, members: list[Figure]) -> str:
        if any(f.undetermined for f in members):
            return "the source does not say who; candidates as it names them"
        return "as the source names the perpetrator (figures about one incident: the surest attribution)"

    def incident_part(f: Figure) -> str:
        return f" — {f.incident_label}" if f.incident_label else ""

    dimensions = [
        _Dimension("casualties-by-perpetrator", "By perpetrator",
                   "Civilians killed, by perpetrator as each source names it",
                   lambda f: UNDETERMINED if f.undetermined else f.perpetrator, perpetrator_title, perpetrator_note,
                   perpetrator_order, lambda f: f.what + incident_part(f),
                   lambda f: f"{f.period} · {source_name(f)}" + (f" · {f.grade}" if f.grade else "")),
        _Dimension("casualties-by-period", "By period", "Civilians killed, by the period each figure covers",
                   lambda f: f.period, lambda key, m: key, period_note, period_start,
                   lambda f: f"{f.what} — {f.who}",
                   lambda f: f"{f.area} · {source_name(f)}" + (f" · {f.grade}" if f.grade else "")),
        _Dimension("casualties-by-area", "By area", "Civilians killed, by the area each figure covers",
                   lambda f: f.area, lambda key, m: key,
                   lambda key, m: "for an incident figure, the place of the incident",
                   lambda key: (key == "not stated", key), lambda f: f"{f.what} — {f.who}",
                   lambda f: f"{f.period} · {source_name(f)}"),
        _Dimension("casualties-by-category", "By category", "People killed, by what is counted",
                   lambda f: f.category, lambda key, m: key,
                   lambda key, m: "narrower groups (children, women …) are parts of civilians killed",
                   lambda key: (key != "civilians killed", key), lambda f: f.who + incident_part(f),
                   lambda f: f"{f.period} · {f.area} · {source_name(f)}"),
    ]
    sections = []
    for dim in dimensions:
        groups: dict[str, list[Figure]] = defaultdict(list)
        for f in figures:
            groups[dim.group(f)].append(f)
        panels = []
        table = []
        for key in sorted(groups, key=dim.order):
            members = groups[key]
            drawn = _nested(members)
            bars = tuple(charts.Bar(f.key, dim.label(f), f.count, f.qualifier, dim.detail(f), ctx.rebase.iri(f.key),
                                    depth, parent, f.undetermined) for f, depth, parent in drawn)
            panels.append(charts.Panel(dim.title(key, members), bars, dim.note(key, members),
                                       any(f.undetermined for f in members)))
            for f, depth, _ in drawn:
                table.append(_figure_row(ctx, f, depth, dim.title(key, members)))
        svg = charts.bar_chart(dim.id, dim.caption,
                               f"{len(figures)} figures from the sources, in {len(panels)} groups, each group with its "
                               "own scale. A part is drawn inside its total (from zero, thinner, labelled 'of "
                               "which'); lower bounds are drawn open and labelled ≥, approximations ≈. Nothing is "
                               "added up.", panels)
        sections.append({"heading": dim.heading, "chart": Chart(dim.id, dim.caption, Markup(svg),
                                        "Each group has its own scale: compare bars within a group only."),
                         "rows": table})
    return {"sections": sections, "count": len(figures),
            "queries": [ctx.query("civilian-deaths-by-perpetrator"), ctx.query("figure-parts"),
                        ctx.query("reference-periods"), ctx.query("figures-by-category"),
                        ctx.query("tally-consistency")]}


def _figure_row(ctx: _Context, f: Figure, depth: int, group: str) -> dict[str, Any]:
    named = f.who
    if f.attributions and f.incident:
        named += f" (attributions: {f.attributions})"
    return {"group": group, "depth": depth, "figure": ctx.link(f.key, f.value), "value": f.value,
            "qualifier": f.qualifier, "what": f.what, "who": named, "grade": f.grade or "—",
            "period": f.period, "area": f.area,
            "incident": ctx.link(f.incident, f.incident_label) if f.incident else "",
            "within": f.within or "—", "source": ctx.document(f.source)}


# --- agreements ---------------------------------------------------------------------------------------

def agreements_view(ctx: _Context) -> dict[str, Any]:
    """Every agreement: its kind, what each source says of it, and the breaches alleged under it."""
    periods = ctx.run("agreement-periods")
    breaches = ctx.run("agreement-breaches")
    by_agreement: dict[str, dict[str, Any]] = {}
    for r in periods:
        entry = by_agreement.setdefault(r["agreement"], {
            "link": ctx.link(r["agreement"], r["agreementLabel"]), "label": r["agreementLabel"],
            "kind": r.get("kind", ""), "said": [], "breaches": [], "id": r["agreement"].rsplit("/", 1)[-1]})
        if "description" in r:
            entry["said"].append({
                "source": ctx.document(r.get("source", "")), "claimant": r.get("claimantLabel", ""),
                "concluded": r.get("signatureDate", ""), "entry": r.get("entryIntoForce", ""),
                "end": r.get("endDate", ""), "status": r.get("status", ""), "parties": r.get("parties", ""),
                "sponsors": r.get("sponsors", ""), "primary": r.get("primarySponsors", ""),
                "guarantors": r.get("guarantors", ""), "areas": r.get("areas", ""),
                "description": ctx.link(r["description"], "the claim")})
    for r in breaches:
        entry = by_agreement.get(r["agreement"])
        if entry is None:
            continue
        entry["breaches"].append({
            "allegation": ctx.link(r["allegation"], r.get("gist", "allegation")), "violators": r.get("violators", ""),
            "grade": r.get("grade", ""), "claimant": r.get("claimantLabel", ""),
            "language": r.get("legalLanguage", ""), "incidents": r.get("incidents", ""),
            "places": r.get("places", ""), "source": ctx.document(r.get("source", ""))})
    agreements = sorted(by_agreement.values(), key=lambda a: (not a["breaches"], a["label"]))
    lanes = []
    for iri, a in ((k, v) for k, v in by_agreement.items()):
        marks = tuple(charts.TimeMark(s["concluded"], "date of conclusion") for s in a["said"] if s["concluded"])
        in_force = tuple({(s["entry"], s["end"]): charts.InForce(s["entry"], s["end"], s["status"])
                          for s in a["said"] if s["entry"]}.values())
        if marks or in_force:
            lanes.append(charts.Lane(iri, a["label"], ctx.rebase.iri(iri), "agreement", marks, in_force))
    lanes.sort(key=lambda lane: min([m.date for m in lane.marks] + [p.start for p in lane.in_force]))
    svg = charts.timeline_chart("agreements-chart", "Agreements: conclusion and period in force",
                                f"{len(lanes)} agreements a source dates; the others are listed below the chart.",
                                lanes)
    return {"agreements": agreements,
            "chart": Chart("agreements-chart", "When the agreements were concluded and took effect", Markup(svg),
                           "Agreements no source dates are not on the axis."),
            "queries": [ctx.query("agreement-periods"), ctx.query("agreement-breaches"),
                        ctx.query("incidents-within-agreement-reach")]}


# --- provisions ---------------------------------------------------------------------------------------

SOURCE_LINK = "cited by the source"


def provisions_view(ctx: _Context) -> dict[str, Any]:
    """Legal provisions by instrument, with the claims the sources link to each: what the source cites apart
    from the project's own reading."""
    structure = ctx.run("legal-provisions")
    instruments: dict[str, dict[str, Any]] = {}
    for r in structure:
        entry = instruments.setdefault(r["instrument"], {
            "link": ctx.link(r["instrument"], r["instrumentLabel"]), "kind": r.get("instrumentKind", ""),
            "provisions": {}, "id": r["instrument"].rsplit("/", 1)[-1]})
        if "provision" in r:
            entry["provisions"][r["provision"]] = {
                "link": ctx.link(r["provision"], r.get("citation") or r.get("provisionLabel", r["provision"])),
                "label": r.get("provisionLabel", ""), "applies": r.get("appliesIn", ""), "cited": [], "read": []}
    for iri, entry in instruments.items():
        for r in ctx.run("claims-by-provision", provision=iri):
            target = entry["provisions"].get(r["provision"])
            if target is None:  # the instrument or norm itself
                target = entry["provisions"].setdefault(r["provision"], {
                    "link": ctx.link(r["provision"], r.get("citation", r["provision"])), "label": "",
                    "applies": r.get("appliesIn", ""), "cited": [], "read": []})
            claim = {"claim": ctx.link(r["claim"], r.get("class", "claim")), "link": r.get("link", ""),
                     "cited_as": r.get("citedAs", ""), "language": r.get("legalLanguage", ""),
                     "stated_conflict": r.get("statedConflict", ""), "violators": r.get("violators", ""),
                     "claimant": r.get("claimantLabel", ""), "source": ctx.document(r.get("source", ""))}
            (target["cited"] if r.get("link") == SOURCE_LINK else target["read"]).append(claim)
    listed = []
    for entry in sorted(instruments.values(), key=lambda e: (e["kind"] == "legal norm", e["link"].label)):
        provisions = list(entry["provisions"].values())
        entry["with_claims"] = [p for p in provisions if p["cited"] or p["read"]]
        entry["without_claims"] = [p for p in provisions if not (p["cited"] or p["read"])]
        listed.append(entry)
    return {"instruments": listed,
            "queries": [ctx.query("legal-provisions"), ctx.query("claims-by-provision")]}


# --- routes -------------------------------------------------------------------------------------------

PAGES: dict[str, tuple[str, str, Callable[[_Context], dict[str, Any]]]] = {
    "/timeline": ("timeline.html", "Timeline", timeline_view),
    "/casualties": ("casualties.html", "Casualties", casualties_view),
    "/agreements": ("agreements.html", "Agreements", agreements_view),
    "/provisions": ("provisions.html", "Provisions", provisions_view),
}

_FAILED = ('{% extends "base.html" %}{% block main %}<h1>{{ heading }}</h1>'
           '<p class="notice">{{ message }}</p>{% endblock %}')


def overview_routes(backend: Backend, settings: Settings) -> list[Route]:
    """The routes of the overview pages: /timeline, /casualties, /agreements and /provisions."""

    @lru_cache(maxsize=32)
    def page(path: str, origin: str) -> str:
        template, title, view = PAGES[path]
        ctx = _Context(backend, settings, origin)
        return render(template, title=title, current=path, **view(ctx))

    async def handler(request: Request) -> Response:
        path = request.url.path
        origin = f"{request.url.scheme}://{request.url.netloc}"
        key = Rebase.serving(settings.base, origin).local.rstrip("/")
        try:
            body = await run_in_threadpool(page, path, key)
        except Exception as exc:  # the store or endpoint failed: say so, do not show a half page
            failed = environment().from_string(_FAILED).render(
                title=PAGES[path][1], alternates=[], current=path, heading=PAGES[path][1],
                message=f"The store could not answer the queries of this page ({type(exc).__name__}). "
                        "Try again later.")
            return html_response(failed, status=503)
        return html_response(body, headers={"Cache-Control": "public, max-age=300"})

    return [Route(path, handler, methods=["GET", "HEAD"]) for path in PAGES]
