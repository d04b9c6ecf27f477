"""The ASGI application of ``hisab serve``: Cool URIs, content negotiation and the SPARQL endpoint.

Routes (``/id/…`` stands for every IRI under the base):

- ``/id/…`` and ``/scheme/…``: ``303 See Other`` to the description ``/doc/…`` (``/doc/scheme/…``);
- ``/doc/…[.ttl|.jsonld|.nt|.rdf|.trig|.html]``: the description, negotiated on ``Accept`` with
  q-values, or chosen by the extension; ``Vary``, ``ETag``, ``Last-Modified`` (304 on revalidation),
  ``Link`` to the alternates; 406 lists what is offered; 404 (a page, or RDF) for an unknown thing;
- ``/ontology[.ext]``: the ontology graph, negotiated the same way;
- ``/context.jsonld``: the JSON-LD context the JSON-LD descriptions refer to;
- ``/sparql``: the read-only SPARQL 1.1 endpoint (:mod:`hisab.web.sparql_protocol`), its service
  description when called without a query;
- ``/api/queries…``: the saved queries as a web API, described by OpenAPI (:mod:`hisab.web.api`);
- ``/.well-known/void`` and ``/dumps/…``: the dataset's VoID/DCAT description and its full dumps
  (:mod:`hisab.web.dataset`).

Responses are gzip-compressed when the client accepts it, and carry CORS headers.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from hisab.namespaces import GRAPH_ONTOLOGY
from hisab.web import editor, negotiation, plain_html, sparql_protocol
from hisab.web.answering import answered, cut_headers
from hisab.web.api import api_routes
from hisab.web.backend import Backend
from hisab.web.dataset import dataset_routes
from hisab.web.describe import Description, describe
from hisab.web.entity_pages import EntityPages
from hisab.web.evidence_text import SourceTexts
from hisab.web.overview import overview_routes
from hisab.web.page_data import PageData
from hisab.web.pages import STATIC_DIR
from hisab.web.rdf_out import CONTEXT_PATH, Rebase, context, serialize
from hisab.web.site_pages import site_routes
from hisab.web.views import Viewer

_MAX_CACHED = 50_000  # rendered descriptions kept in memory


@dataclass(frozen=True)
class Settings:
    """How the server publishes."""

    base: str = "https://w3id.org/hisab/"
    query_timeout: float = 30.0
    max_rows: int = 10_000
    memory_limit: int = 2 * 1024**3
    queries_dir: Path | None = None  # the saved queries the API offers (queries/ of the project)
    ontology_files: tuple[Path, ...] = ()  # the ontology's files, for its HTML documentation
    seeds_dir: Path | None = None  # the source texts the pages quote evidence from ($HISAB_SEEDS or ../shared/seeds)


def create_app(backend: Backend, settings: Settings | None = None) -> Starlette:
    """The application over ``backend``."""
    settings = settings or Settings()
    last_modified = email.utils.format_datetime(backend.loaded_at.astimezone(dt.UTC), usegmt=True)

    @lru_cache(maxsize=4096)
    def description_of(iri: str) -> Description:
        return describe(iri, backend.construct)

    bodies: dict[tuple, tuple[bytes, str]] = {}  # the store does not change while serving
    packed: dict[tuple, bytes] = {}  # the same, gzip-compressed
    data = PageData(backend, settings.queries_dir)
    texts = SourceTexts(settings.seeds_dir)
    things = EntityPages(data)

    anchors: dict[str, str] = {}

    def ontology_anchors() -> dict[str, str]:
        """Where each term is documented on /ontology (read once from the generated page)."""
        if not anchors:
            from hisab.web.ontology_docs import term_anchors

            page = _ontology_body(backend, negotiation.HTML, Rebase.none(), settings).decode()
            anchors.update(term_anchors(page) or {"": ""})
        return anchors

    def viewer_for(request: Request) -> Viewer:
        return Viewer(data, texts, page_href(_rebase(settings, _origin(request)), ontology_anchors))

    def rendered(iri: str, media: str, origin: str) -> tuple[bytes, str]:
        """The description's body in ``media`` and its ETag (the store does not change while serving)."""
        rebase = _rebase(settings, origin)
        found = description_of(iri)
        if media == negotiation.HTML:
            viewer = Viewer(data, texts, page_href(rebase, ontology_anchors))
            body = things.render(iri, viewer, _alternates(rebase.iri(iri), iri, settings)).encode()
        else:
            body = serialize(found.triples, media, rebase, graph_name=iri)
            if media == "application/ld+json":
                body = _with_context_link(body, origin)
        return body, _etag(body)

    async def thing(request: Request) -> Response:
        """``/id/…`` and ``/scheme/…``: 303 to the description."""
        path = request.url.path
        target = "/doc" + (path[len("/id"):] if path.startswith("/id/") else path)
        return RedirectResponse(target + ("?" + request.url.query if request.url.query else ""), status_code=303,
                                headers={"Vary": "Accept"})

    async def document(request: Request) -> Response:
        """``/doc/…``: the negotiated description."""
        rest, by_extension = negotiation.split_extension(request.url.path[len("/doc/"):])
        iri = settings.base + (rest if rest.startswith("scheme/") else "id/" + rest)
        media = by_extension or negotiation.choose(request.headers.get("accept"), negotiation.DESCRIPTION_TYPES)
        if media is None:
            return _not_acceptable(negotiation.DESCRIPTION_TYPES)
        origin = _origin(request)
        # pages quote the source texts: they are kept only while the texts stay the same
        key = (iri, media, origin, texts.stamp()) if media == negotiation.HTML else (iri, media, origin)
        hit = bodies.get(key)
        if hit is None:
            found = await run_in_threadpool(description_of, iri)
            if not found.known:
                return _not_found(iri, media, _rebase(settings, origin), _alternates(_rebase(settings, origin).iri(iri),
                                                                                     iri, settings))
            hit = await run_in_threadpool(rendered, iri, media, origin)
            if len(bodies) < _MAX_CACHED:
                bodies[key] = hit
        body, etag = hit
        links = _alternates(_rebase(settings, origin).iri(iri), iri, settings)
        return _cached(request, body, media, last_modified, links, vary=by_extension is None, etag=etag,
                       gzipped=_gzipped(packed, key, body))

    async def ontology(request: Request) -> Response:
        """``/ontology``: the ontology graph by negotiation."""
        _, by_extension = negotiation.split_extension(request.url.path)
        media = by_extension or negotiation.choose(request.headers.get("accept"), negotiation.DESCRIPTION_TYPES)
        if media is None:
            return _not_acceptable(negotiation.DESCRIPTION_TYPES)
        origin = _origin(request)
        key = ("ontology", media, origin)
        if key not in bodies:
            body = await run_in_threadpool(_ontology_body, backend, media, _rebase(settings, origin), settings)
            bodies[key] = (body, _etag(body))
        body, etag = bodies[key]
        return _cached(request, body, media, last_modified, [], vary=by_extension is None, etag=etag)

    async def json_ld_context(request: Request) -> Response:
        return JSONResponse(context(_rebase(settings, _origin(request))), media_type="application/ld+json")

    async def sparql(request: Request) -> Response:
        """The SPARQL 1.1 Protocol."""
        body = await request.body()
        params = parse_qs(request.url.query, keep_blank_values=True)
        content_type = request.headers.get("content-type", "")
        if request.method == "POST" and content_type.split(";")[0].strip() == "application/x-www-form-urlencoded":
            try:
                params.update(parse_qs(body.decode("utf-8"), keep_blank_values=True))
            except UnicodeDecodeError:
                return _error(400, "the form is not valid UTF-8")
        if editor.wants_editor(request):
            return await editor.editor_response(request, backend, settings, params)
        if request.method == "GET" and not params:
            return await service_description(request)
        try:
            text = sparql_protocol.query_text(request.method, content_type, params, body)
        except sparql_protocol.ProtocolError as exc:
            return _error(exc.status, exc.message)
        result = await answered(backend, text, settings, failed_status=400)
        if isinstance(result, tuple):
            return _error(*result)
        offered = {"ask": sparql_protocol.ASK_TYPES, "graph": sparql_protocol.GRAPH_TYPES}.get(
            result.kind, sparql_protocol.SELECT_TYPES)
        media = negotiation.choose(request.headers.get("accept"), offered)
        if media is None:
            return _not_acceptable(offered)
        payload = await run_in_threadpool(sparql_protocol.render, result, media)
        return Response(payload, media_type=media, headers=cut_headers(result, settings))

    async def service_description(request: Request) -> Response:
        origin = _origin(request)
        media = negotiation.choose(request.headers.get("accept"), ("text/turtle", negotiation.HTML))
        turtle = _SERVICE_DESCRIPTION.format(endpoint=origin + "/sparql").encode()
        if media == negotiation.HTML:
            return Response(plain_html.page("SPARQL endpoint", (
                "<h1>SPARQL endpoint</h1><p>Send a SPARQL 1.1 query with <code>GET /sparql?query=…</code> or "
                "<code>POST</code>. This endpoint is read-only; queries stop after "
                f"{settings.query_timeout:g} s and return at most {settings.max_rows} rows.</p>"
                f"<pre>{escape(turtle.decode())}</pre>")), media_type="text/html")
        return Response(turtle, media_type="text/turtle", headers={"Vary": "Accept"})

    routes = [
        Route("/id/{rest:path}", thing),
        Route("/scheme/{rest:path}", thing),
        Route("/doc/{rest:path}", document),
        Route("/ontology", ontology),
        Route("/ontology{ext:str}", ontology),
        Route(CONTEXT_PATH, json_ld_context),
        Route("/sparql", sparql, methods=["GET", "POST"]),
    ]
    routes += api_routes(backend, settings)
    routes += dataset_routes(backend, settings)
    routes += site_routes(data, viewer_for)
    routes += overview_routes(backend, settings)
    routes += editor.editor_routes(backend, settings)
    routes.append(Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"))
    middleware = [
        Middleware(_AllowAnyOrigin),
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
                   allow_headers=["*"], expose_headers=["ETag", "Link", "Location", "Hisab-Result-Limit"]),
        Middleware(GZipMiddleware, minimum_size=500),
    ]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.backend = backend
    app.state.settings = settings
    return app


class _AllowAnyOrigin:
    """``Access-Control-Allow-Origin: *`` on every response, asked for with an Origin header or not (the CORS
    middleware answers preflights and only marks requests that carry an Origin)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_header(message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"access-control-allow-origin"]
                headers.append((b"access-control-allow-origin", b"*"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_header)


_SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> ,
        <http://www.w3.org/ns/formats/SPARQL_Results_XML> , <http://www.w3.org/ns/formats/SPARQL_Results_CSV> ,
        <http://www.w3.org/ns/formats/SPARQL_Results_TSV> , <http://www.w3.org/ns/formats/Turtle> ,
        <http://www.w3.org/ns/formats/N-Triples> , <http://www.w3.org/ns/formats/JSON-LD> ;
    sd:feature sd:UnionDefaultGraph ;
    dcterms:description "Read-only: updates, SERVICE and engine extensions are refused; \
each query has a time limit and a row cap." .
"""


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def _rebase(settings: Settings, origin: str) -> Rebase:
    return Rebase.serving(settings.base, origin)


def _alternates(served_iri: str, iri: str, settings: Settings) -> list[tuple[str, str]]:
    """``(media type, URL)`` of every representation of the description of ``iri``."""
    rest = iri[len(settings.base):]
    doc = served_iri[: len(served_iri) - len(rest)] + "doc/" + (rest if rest.startswith("scheme/") else rest[3:])
    return [(media, doc + ext) for media, ext in negotiation.RDF_TYPES.items()] + [(negotiation.HTML, doc + ".html")]


def _gzipped(cache: dict[tuple, bytes], key: tuple, body: bytes) -> bytes:
    """``body`` gzip-compressed, once per cached representation (compressing on every request costs more
    than serving)."""
    packed = cache.get(key)
    if packed is None:
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        if len(cache) < _MAX_CACHED:
            cache[key] = packed
    return packed


def _etag(body: bytes) -> str:
    return 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _cached(request: Request, body: bytes, media: str, last_modified: str, links: list[tuple[str, str]], *,
            vary: bool, etag: str | None = None, gzipped: bytes | None = None) -> Response:
    etag = etag or _etag(body)
    headers = {"ETag": etag, "Last-Modified": last_modified, "Cache-Control": "public, max-age=300"}
    if vary:
        headers["Vary"] = "Accept"
    if links:
        headers["Link"] = ", ".join(f'<{href}>; rel="alternate"; type="{m}"' for m, href in links)
    matches = request.headers.get("if-none-match")
    if matches is not None:
        if etag in [tag.strip() for tag in matches.split(",")] or matches.strip() == "*":
            return Response(status_code=304, headers=headers)
    elif request.headers.get("if-modified-since") == last_modified:
        return Response(status_code=304, headers=headers)
    charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
    if gzipped is not None and len(body) >= 500 and "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        headers["Vary"] = ", ".join(filter(None, [headers.get("Vary"), "Accept-Encoding"]))
        body = gzipped
    return Response(body, headers=headers, media_type=media + charset if charset else media)


def _not_acceptable(offered) -> Response:
    return PlainTextResponse("406 Not Acceptable. This resource is offered as: " + ", ".join(offered) + "\n",
                             status_code=406, headers={"Vary": "Accept"})


def page_href(rebase: Rebase, anchors: Callable[[], dict[str, str]] | None = None) -> Callable[[str], str]:
    """For the pages: the URL of a thing's page on this server (``/doc/…``, no redirect on the way), of an
    ontology term (its section of ``/ontology``, by ``anchors``: term IRI to section id), or an outside IRI
    as it is."""
    def href(iri: str) -> str:
        served = rebase.iri(iri)
        base = rebase.local if rebase.active else rebase.base
        if base and served.startswith(base + "id/"):
            return base + "doc/" + served[len(base) + 3:]
        if base and served.startswith(base + "scheme/"):
            return base + "doc/" + served[len(base):]
        if base and served.startswith(base + "ontology#"):
            section = (anchors() if anchors is not None else {}).get(iri)
            return base + "ontology" + (f"#{section}" if section else "")
        return served
    return href


def _not_found(iri: str, media: str, rebase: Rebase, alternates: list[tuple[str, str]] | None = None) -> Response:
    if media == negotiation.HTML:
        from hisab.web import pages

        body = pages.render("not_found.html", title="Not found",
                            message=f"The graph says nothing about {rebase.iri(iri)}.").encode()
    else:
        from rdflib import Literal, URIRef
        from rdflib.namespace import RDFS

        body = serialize([(URIRef(iri), RDFS.comment, Literal("The graph says nothing about this IRI.", lang="en"))],
                         media, rebase, graph_name=iri)
    return Response(body, status_code=404, media_type=media, headers={"Vary": "Accept"})


def _error(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


def _with_context_link(body: bytes, origin: str) -> bytes:
    """A compact JSON-LD document that refers to the published context instead of repeating it."""
    document = json.loads(body)
    if isinstance(document, dict) and "@context" in document:
        document["@context"] = origin + CONTEXT_PATH
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _ontology_body(backend: Backend, media: str, rebase: Rebase, settings: Settings) -> bytes:
    triples = backend.graph_triples(str(GRAPH_ONTOLOGY))
    if media == negotiation.HTML:
        from hisab.web.ontology_docs import ontology_html

        return ontology_html(settings.ontology_files, triples).encode()
    return serialize(triples, media, rebase, graph_name=str(GRAPH_ONTOLOGY))

