"""The site's own pages: the home page, the list of source documents, search results, and "not found".

One job: the routes of the pages that are not the page of one thing (:mod:`hisab.web.entity_pages`)
nor an overview chart (:mod:`hisab.web.overview`) nor the query editor (:mod:`hisab.web.editor`).
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hisab.web import pages
from hisab.web.page_data import PageData
from hisab.web.reader import reader_view
from hisab.web.search import KINDS, MAX_PER_KIND, SearchIndex
from hisab.web.views import Viewer

ViewerFor = Callable[[Request], Viewer]


def site_routes(data: PageData, viewer_for: ViewerFor) -> list[Route]:
    """The routes of the home page, the source documents and search."""
    index = SearchIndex(data)

    async def home(request: Request) -> Response:
        counts = await run_in_threadpool(_counts, data)
        return pages.html_response(pages.render("home.html", title="Hisab", counts=counts))

    async def documents(request: Request) -> Response:
        viewer = viewer_for(request)
        listed = await run_in_threadpool(_documents, data, viewer)
        return pages.html_response(pages.render("documents.html", title="Source documents", current="/documents",
                                                documents=listed))

    async def search(request: Request) -> Response:
        text = request.query_params.get("q", "")
        viewer = viewer_for(request)
        hits = await run_in_threadpool(index.search, text)
        groups = []
        for kind, heading in KINDS:
            members = [h for h in hits if h.entry.kind == kind]
            if members:
                groups.append((heading, len(members), [(viewer.link(h.entry.iri, {h.entry.iri: h.entry.label}), h)
                                                       for h in members[:MAX_PER_KIND]]))
        title = f"Search: {text[:80]}" if text.strip() else "Search"
        return pages.html_response(pages.render("search.html", title=title, search_text=text[:200], groups=groups,
                                                total=len(hits), per_kind=MAX_PER_KIND))

    return [Route("/", home), Route("/documents", documents), Route("/search", search)]


def _counts(data: PageData) -> list[tuple[str, int, str]]:
    """How many things of each main kind the graph holds."""
    rows = data.select("SELECT ?kind (COUNT(DISTINCT ?thing) AS ?n) WHERE { VALUES ?kind { hisab:Incident "
                       "hisab:Actor hisab:Agreement hisab:Provision hisab:Claim hisab:SourceDocument } "
                       "?thing a ?type . ?type rdfs:subClassOf* ?kind } GROUP BY ?kind")
    found = {str(r["kind"]).rsplit("#", 1)[-1]: int(r["n"]) for r in rows}
    names = (("Incident", "incidents", "/timeline"), ("Claim", "claims of named sources", "/documents"),
             ("Actor", "actors", ""), ("Agreement", "agreements", "/agreements"),
             ("Provision", "legal provisions", "/provisions"), ("SourceDocument", "source documents", "/documents"))
    return [(label, found.get(kind, 0), href) for kind, label, href in names]


def _documents(data: PageData, viewer: Viewer) -> list[dict]:
    """Every source document with its reader's coverage figure."""
    listed = []
    for iri, record in sorted(data.documents().items(), key=lambda e: e[1].label):
        node = data.node(iri)
        view = reader_view(data, viewer, iri, node)
        listed.append({"link": viewer.link(data_iri(iri), {data_iri(iri): record.label}), "record": record,
                       "spans": len(view.spans), "coverage": view.coverage, "problem": view.problem})
    return listed


def data_iri(iri: str):
    """The IRI as a term."""
    from rdflib import URIRef

    return URIRef(iri)
