"""The dataset described and downloadable: VoID and DCAT at ``/.well-known/void``, dumps under ``/dumps/``.

Routes:

- ``/.well-known/void[.ext]``: the dataset's description (RFC 8615 well-known location, VoID §7.2) — a
  ``void:Dataset`` that is also a ``dcat:Dataset``: title, licence, triples in all and per named graph,
  the source documents, example incidents, the SPARQL endpoint, the vocabularies it uses, and its dumps
  as DCAT distributions. Negotiated like a description (Turtle, JSON-LD, N-Triples, RDF/XML, TriG, HTML),
  with ``ETag``/``Last-Modified`` and 304 on revalidation; rebased like everything else the server says;
- ``/dataset``: the dataset's IRI, ``303 See Other`` to its description;
- ``/dumps/hisab.trig.gz`` and ``/dumps/hisab.nq.gz``: every quad of the embedded store, serialised by
  :func:`hisab.store.serialize_dataset` (the bytes ``hisab build`` writes) and gzip-compressed, with the
  canonical IRIs (a dump is the data as built, not rebased). Each is built once, on first request.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import hashlib
import io
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID, XSD, Namespace
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from hisab.errors import HisabError
from hisab.namespaces import HISAB, ID
from hisab.store import serialize_dataset
from hisab.web import negotiation, plain_html
from hisab.web.backend import Backend
from hisab.web.describe import Triple
from hisab.web.rdf_out import Rebase, serialize

if TYPE_CHECKING:
    from hisab.web.app import Settings

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
IANA = "https://www.iana.org/assignments/media-types/"
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
VOID_PATH = "/.well-known/void"
GRAPHS = str(ID) + "graph/"  # every graph the loader writes is named under it
EXAMPLES = 3


@dataclass(frozen=True)
class Dump:
    """One downloadable serialisation of the whole store."""

    fmt: str  # as hisab build names it: "trig" or "nquads"
    file_name: str
    media: str  # of the file inside the gzip


DUMPS = {
    "hisab.trig.gz": Dump("trig", "hisab.trig.gz", "application/trig"),
    "hisab.nq.gz": Dump("nquads", "hisab.nq.gz", "application/n-quads"),
}


@dataclass(frozen=True)
class Compressed:
    """A dump as served: the gzip file and its strong ETag."""

    body: bytes
    etag: str


class Dumps:
    """The embedded store's dumps, each serialised and compressed once, on first demand.

    The store does not change while the server runs (it is loaded at start-up, or opened read-only), so
    one build serves every request. A lock per dump makes concurrent first requests wait for the one
    build instead of starting their own. The gzip stream has no file name and a zero mtime, so the same
    store gives the same bytes (and the same ETag) on every start."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._locks = {name: threading.Lock() for name in DUMPS}
        self._built: dict[str, Compressed] = {}

    def get(self, name: str) -> Compressed:
        with self._locks[name]:
            if name not in self._built:
                buffer = io.BytesIO()
                with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as out:
                    serialize_dataset(self._store, out, DUMPS[name].fmt)
                body = buffer.getvalue()
                self._built[name] = Compressed(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
            return self._built[name]


@dataclass(frozen=True)
class Facts:
    """What the description says that comes from the store; read once (the store does not change)."""

    graphs: dict[str, int]  # named graph -> triples
    documents: list[tuple[str, list[Literal]]]  # source document -> its titles
    examples: list[str]
    vocabularies: list[str]

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def dataset_routes(backend: Backend, settings: Settings) -> list[Route]:
    """The routes of the dataset's description, its IRI and its dumps."""
    from hisab.web import app as web  # its helpers; imported here, as app.py imports this module

    last_modified = email.utils.format_datetime(backend.loaded_at.astimezone(dt.UTC), usegmt=True)
    dumps = Dumps(backend.embedded) if backend.endpoint is None and backend.embedded is not None else None
    lock = threading.Lock()
    read: list[Facts] = []

    def facts() -> Facts:
        with lock:
            if not read:
                read.append(read_facts(backend.construct, remote=backend.endpoint is not None))
            return read[0]

    @lru_cache(maxsize=64)
    def rendered(media: str, origin: str) -> bytes:
        rebase = web._rebase(settings, origin)
        sizes = {name: len(dumps.get(name).body) for name in DUMPS} if dumps is not None else {}
        triples = description(facts(), settings.base, origin, sizes, uri_space=rebase.iri(settings.base))
        if media == negotiation.HTML:
            return _page(facts(), triples, settings.base, origin, rebase, sizes).encode()
        body = serialize(triples, media, rebase, graph_name=settings.base + "dataset")
        return web._with_context_link(body, origin) if media == "application/ld+json" else body

    async def void(request: Request) -> Response:
        _, by_extension = negotiation.split_extension(request.url.path)
        if request.url.path != VOID_PATH and by_extension is None:
            return PlainTextResponse("404 Not Found\n", status_code=404)
        media = by_extension or negotiation.choose(request.headers.get("accept"), negotiation.DESCRIPTION_TYPES)
        if media is None:
            return PlainTextResponse("406 Not Acceptable. This resource is offered as: "
                                     + ", ".join(negotiation.DESCRIPTION_TYPES) + "\n", status_code=406,
                                     headers={"Vary": "Accept"})
        origin = web._origin(request)
        try:
            body = await run_in_threadpool(rendered, media, origin)
        except HisabError as exc:
            return PlainTextResponse(f"502 Bad Gateway: the store did not answer ({exc.message})\n", status_code=502)
        return web._cached(request, body, media, last_modified, _alternates(origin), vary=by_extension is None)

    async def dataset_iri(request: Request) -> Response:
        return RedirectResponse(VOID_PATH, status_code=303, headers={"Vary": "Accept"})

    async def dump(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in DUMPS:
            return PlainTextResponse(f"404 Not Found. The dumps are {', '.join(DUMPS)}.\n", status_code=404)
        if dumps is None:
            # A remote store is not ours to copy: a CONSTRUCT gives triples without their graphs, a SELECT of
            # every quad meets the endpoint's own row caps and time limits, and neither would be what hisab
            # build writes. The dump comes from the build (or a server over the embedded store).
            return PlainTextResponse(
                "404 Not Found. Dumps are written from the embedded store; this server reads the remote endpoint "
                f"{backend.endpoint}. Run 'hisab build' for the dataset file, or query the endpoint.\n",
                status_code=404)
        found = await run_in_threadpool(dumps.get, name)
        # The file is a gzip file, and it is served as one: Content-Type application/gzip, no Content-Encoding.
        # "Content-Encoding: gzip" with application/trig would make every HTTP client (curl --compressed,
        # browsers, httpx) unpack it on the fly and save TriG under a .gz name; application/trig without a
        # Content-Encoding would call gzip bytes TriG. What is inside is said in the DCAT description
        # (dcat:mediaType application/trig, dcat:compressFormat application/gzip) and by the file name.
        headers = {"ETag": found.etag, "Last-Modified": last_modified, "Cache-Control": "public, max-age=300",
                   "Content-Disposition": f'attachment; filename="{name}"'}
        if _not_modified(request, found.etag, last_modified):
            return Response(status_code=304, headers=headers)
        return Response(found.body, media_type="application/gzip", headers=headers)

    return [
        Route(VOID_PATH, void),
        Route(VOID_PATH + "{ext:str}", void),
        Route("/dataset", dataset_iri),
        Route("/dumps/{name:str}", dump),
    ]


# --- what the store says ------------------------------------------------------------------------------
_COUNTS = """CONSTRUCT {{ ?g <{triples}> ?n }} WHERE {{
  {{ SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {filter} }} GROUP BY ?g }}
}}"""
_DOCUMENTS = f"""CONSTRUCT {{ ?d a <{HISAB.SourceDocument}> ; <{DCTERMS.title}> ?title }} WHERE {{
  ?d a <{HISAB.SourceDocument}> . OPTIONAL {{ ?d <{DCTERMS.title}> ?title }}
}}"""
_EXAMPLES = f"""CONSTRUCT {{ ?i a <{HISAB.Incident}> }} WHERE {{ ?i a <{HISAB.Incident}> }}
ORDER BY ?i LIMIT {EXAMPLES}"""
_TERMS = """CONSTRUCT {{ ?t a <{resource}> }} WHERE {{
  {{ SELECT DISTINCT ?t WHERE {{ GRAPH ?g {{ ?s ?t ?o }} {filter} }} }}
  UNION {{ SELECT DISTINCT ?t WHERE {{ GRAPH ?g {{ ?s a ?t }} {filter} }} }}
}}"""


def read_facts(construct: Callable[[str], list[Triple]], *, remote: bool = False) -> Facts:
    """Triples per named graph, source documents, example incidents and vocabularies, by CONSTRUCT queries
    (the one interface of both backends). On a remote store only Hisab's graphs count: an endpoint such as
    Virtuoso keeps graphs of its own beside them."""
    where = f'FILTER (STRSTARTS(STR(?g), "{GRAPHS}"))' if remote else ""
    graphs = {str(g): int(n) for g, _, n in construct(_COUNTS.format(triples=VOID.triples, filter=where))}
    titles: dict[str, list[Literal]] = {}
    for s, p, o in construct(_DOCUMENTS):
        entry = titles.setdefault(str(s), [])
        if p == DCTERMS.title:
            entry.append(o)
    examples = sorted(str(s) for s, _, _ in construct(_EXAMPLES))
    terms = {str(s) for s, _, _ in construct(_TERMS.format(resource=RDFS.Resource, filter=where))}
    vocabularies = sorted({_namespace(t) for t in terms} - {""})
    return Facts(dict(sorted(graphs.items())), sorted((d, sorted(t)) for d, t in titles.items()), examples,
                 vocabularies)


def _namespace(term: str) -> str:
    """The vocabulary of a term (VoID §4.2: its namespace): up to its last ``#`` or ``/``."""
    cut = max(term.rfind("#"), term.rfind("/"))
    return term[: cut + 1] if cut > len("https://") else ""


# --- the description ----------------------------------------------------------------------------------
def description(facts: Facts, base: str, origin: str, dump_sizes: dict[str, int], *, uri_space: str) -> list[Triple]:
    """The VoID and DCAT description, with canonical IRIs for what is under ``base`` (the caller rebases)
    and the server's own URLs for what only the server offers (endpoint, dumps); ``uri_space`` is where the
    served IRIs start (a literal: rebasing does not reach it)."""
    dataset = URIRef(base + "dataset")
    out: list[Triple] = [
        (dataset, RDF.type, VOID.Dataset),
        (dataset, RDF.type, DCAT.Dataset),
        (dataset, RDF.type, SD.Dataset),
        (dataset, DCTERMS.title, Literal("Hisab", lang="en")),
        (dataset, DCTERMS.description, Literal(
            "An open knowledge graph of conflict incidents, the actors behind them and the legal norms they are "
            "alleged to breach. Every statement is a claim of a named source, with a grade and the passage it "
            "comes from.", lang="en")),
        (dataset, DCTERMS.license, LICENSE),
        (dataset, DCAT.landingPage, URIRef(origin + "/")),
        (dataset, VOID.triples, Literal(facts.triples, datatype=XSD.integer)),
        (dataset, VOID.uriSpace, Literal(uri_space)),
        (dataset, VOID.sparqlEndpoint, URIRef(origin + "/sparql")),
    ]
    out += [(dataset, VOID.feature, FORMATS[name]) for name in ("Turtle", "JSON-LD", "N-Triples", "RDF_XML", "TriG")]
    out += [(dataset, VOID.vocabulary, URIRef(v)) for v in facts.vocabularies]
    for graph, count in facts.graphs.items():
        # VoID has no term that says "this subset is the named graph G"; the SPARQL 1.1 Service Description
        # has exactly that (§3.4, and the example there): an sd:NamedGraph whose sd:name is the graph's IRI and
        # whose sd:graph is the graph's description, a void:Dataset with its own void:triples. void:inDataset
        # would say something else: that a document holds part of the dataset, with no room for the count.
        subset = URIRef(base + "dataset#" + _slug(graph))
        named = BNode()
        out += [
            (dataset, VOID.subset, subset),
            (subset, RDF.type, VOID.Dataset),
            (subset, RDF.type, SD.Graph),
            (subset, VOID.triples, Literal(count, datatype=XSD.integer)),
            (dataset, SD.namedGraph, named),
            (named, RDF.type, SD.NamedGraph),
            (named, SD.name, URIRef(graph)),
            (named, SD.graph, subset),
        ]
    for document, titles in facts.documents:
        out += [(dataset, DCTERMS.source, URIRef(document)), (URIRef(document), RDF.type, HISAB.SourceDocument)]
        out += [(URIRef(document), DCTERMS.title, title) for title in titles]
    out += [(dataset, VOID.exampleResource, URIRef(example)) for example in facts.examples]
    for name, size in dump_sizes.items():
        dump = DUMPS[name]
        url = URIRef(f"{origin}/dumps/{name}")
        distribution = URIRef(base + "dataset#dump-" + dump.fmt)
        out += [
            (dataset, VOID.dataDump, url),
            (dataset, DCAT.distribution, distribution),
            (distribution, RDF.type, DCAT.Distribution),
            (distribution, DCTERMS.title, Literal(f"the whole dataset as {_FORMAT_NAMES[dump.fmt]}, gzip", lang="en")),
            (distribution, DCAT.downloadURL, url),
            (distribution, DCAT.accessURL, url),
            (distribution, DCAT.mediaType, URIRef(IANA + dump.media)),
            (distribution, DCAT.compressFormat, URIRef(IANA + "application/gzip")),
            (distribution, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)),
            (distribution, DCTERMS.license, LICENSE),
        ]
    return out


_FORMAT_NAMES = {"trig": "TriG", "nquads": "N-Quads"}


def _slug(graph: str) -> str:
    if graph.startswith(str(ID)):
        return graph[len(str(ID)):]
    return "graph-" + hashlib.sha256(graph.encode()).hexdigest()[:16]


def _alternates(origin: str) -> list[tuple[str, str]]:
    return [(media, origin + VOID_PATH + ext) for media, ext in negotiation.RDF_TYPES.items()] + [
        (negotiation.HTML, origin + VOID_PATH + ".html")]


def _not_modified(request: Request, etag: str, last_modified: str) -> bool:
    matches = request.headers.get("if-none-match")
    if matches is not None:  # weak comparison (RFC 9110 §13.1.2)
        tags = [tag.strip().removeprefix("W/") for tag in matches.split(",")]
        return etag in tags or matches.strip() == "*"
    return request.headers.get("if-modified-since") == last_modified


# --- the page -----------------------------------------------------------------------------------------
def _page(facts: Facts, triples: Iterable[Triple], base: str, origin: str, rebase: Rebase,
          dump_sizes: dict[str, int]) -> str:
    def link(iri: str, text: str | None = None) -> str:
        served = rebase.iri(iri)
        return f'<a href="{escape(served)}">{escape(text or served)}</a>'

    graphs = "".join(f"<tr><td>{link(g)}</td><td>{n:,}</td></tr>" for g, n in facts.graphs.items())
    documents = "".join(f"<li>{link(d)}: {escape('; '.join(str(t) for t in titles) or '(no title)')}</li>"
                        for d, titles in facts.documents)
    examples = "".join(f"<li>{link(e)}</li>" for e in facts.examples)
    downloads = "".join(
        f'<li><a href="{origin}/dumps/{name}">{escape(name)}</a> ({_FORMAT_NAMES[DUMPS[name].fmt]}, gzip, '
        f"{size:,} bytes)</li>" for name, size in dump_sizes.items())
    downloads = (f"<ul>{downloads}</ul><p>The dumps hold the data as built, with its canonical IRIs "
                 f"(<code>{escape(base)}…</code>).</p>") if downloads else (
        "<p>This server reads a remote store; the dataset file comes from <code>hisab build</code>.</p>")
    vocabularies = "".join(f"<li>{link(v)}</li>" for v in facts.vocabularies)
    turtle = serialize(triples, "text/turtle", rebase).decode()
    body = (
        "<h1>Hisab: the dataset</h1><p>An open knowledge graph of conflict incidents, the actors behind them and the "
        "legal norms they are alleged to breach. Every statement is a claim of a named source, with a grade and the "
        f'passage it comes from.</p><p>Licence: <a href="{LICENSE}">CC BY 4.0</a> (data and ontology). '
        f'SPARQL endpoint: <a href="{origin}/sparql">{escape(origin)}/sparql</a>. '
        f"IRIs: <code>{escape(rebase.iri(base))}…</code></p>"
        f"<h2>Download</h2>{downloads}"
        f"<h2>Named graphs</h2><table><tr><th>graph</th><th>triples</th></tr>{graphs}"
        f"<tr><th>all</th><th>{facts.triples:,}</th></tr></table>"
        f"<h2>Source documents</h2><ul>{documents}</ul>"
        f"<h2>Example incidents</h2><ul>{examples}</ul>"
        f"<h2>Vocabularies used</h2><ul>{vocabularies}</ul>"
        "<h2>This description</h2><p>Also as "
        + ", ".join(f'<a href="{escape(h)}">{escape(m)}</a>' for m, h in _alternates(origin)[:-1])
        + f".</p><pre>{escape(turtle)}</pre>")
    return plain_html.page("The dataset", body, _alternates(origin)[:-1])
