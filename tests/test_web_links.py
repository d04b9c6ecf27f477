"""Every HTML page of ``hisab serve`` over the project's data, and every link on them, without a browser.

The page of every thing in the data (every IRI subject under ``/id/`` and ``/scheme/``), the overview
pages, the sources, the saved queries and the query editor are fetched as a browser asks for them
(``Accept: text/html``) from a real server in this process: each must answer 200 with a document that
parses without structural errors, has a ``lang``, a ``<title>`` and exactly one ``<h1>`` (a thing's page
also its RDF alternates). Then every internal link on them — ``href`` and ``src`` on the same origin,
static assets included — is followed (through the 303 of a thing) and must answer 200, and a link with
a fragment (``#span-…`` into a source's text) must find that id on its target. All problems are told in
one assertion each.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urldefrag, urljoin, urlsplit

import httpx
import pytest

from hisab.web.app import Settings, create_app
from hisab.web.backend import Backend
from tests.servers import serving

BASE = "https://w3id.org/hisab/"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
OVERVIEW_PAGES = ("/", "/timeline", "/casualties", "/agreements", "/provisions", "/documents", "/queries",
                  "/sparql", "/search?q=a")
#: The RDF alternates a thing's page names in its head.
THING_ALTERNATES = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")
WORKERS = 6  # client threads
SERVER_PROCESSES = 2
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                 "track", "wbr"}
#: Elements whose end tag HTML lets the parser imply.
OPTIONAL_END = {"html", "head", "body", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
                "option", "optgroup", "rt", "rp", "colgroup", "caption"}
LINK_ATTRIBUTES = ("href", "src", "xlink:href")


@dataclass
class Page:
    """What one HTML page says about itself: its structure problems, ids, links and head."""

    problems: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    lang: str | None = None
    titles: list[str] = field(default_factory=list)
    h1: int = 0
    alternates: dict[str, str] = field(default_factory=dict)  # media type: href
    doctype: bool = False


class PageParser(HTMLParser):
    """``html.parser`` with the checks it does not make: every non-void element closed in order (where HTML
    does not imply the end tag), no stray end tag, ids unique; it gathers ids, links, title, h1 and alternates."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, int]] = []
        self._title: list[str] | None = None

    def handle_decl(self, decl: str) -> None:
        if decl.lower().startswith("doctype"):
            self.page.doctype = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, self.getpos()[0]))
        if tag == "title" and not self._inside("svg"):
            self._title = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)  # <path/> in SVG, <br/>: nothing left open

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None:
            self.page.titles.append("".join(self._title).strip())
            self._title = None
        if tag in VOID_ELEMENTS:
            return
        open_tags = [name for name, _ in self.stack]
        if tag not in open_tags:
            if tag not in OPTIONAL_END:
                self.page.problems.append(f"line {self.getpos()[0]}: </{tag}> closes nothing")
            return
        while self.stack:
            name, line = self.stack.pop()
            if name == tag:
                break
            if name not in OPTIONAL_END:
                self.page.problems.append(f"line {line}: <{name}> not closed before </{tag}> "
                                          f"(line {self.getpos()[0]})")

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)

    def close(self) -> None:
        super().close()
        for name, line in self.stack:
            if name not in OPTIONAL_END:
                self.page.problems.append(f"line {line}: <{name}> never closed")

    def _inside(self, tag: str) -> bool:
        return any(name == tag for name, _ in self.stack)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs}
        if tag == "html":
            self.page.lang = values.get("lang")
        if tag == "h1":
            self.page.h1 += 1
        for name in ("id",) + (("name",) if tag == "a" else ()):
            value = values.get(name)
            if value is None:
                continue
            if name == "id" and value in self.page.ids:
                self.page.problems.append(f"line {self.getpos()[0]}: id {value!r} used twice")
            self.page.ids.add(value)
        for name in LINK_ATTRIBUTES:
            value = values.get(name)
            if value:
                self.page.links.append(value.strip())
        if tag == "link" and "alternate" in (values.get("rel") or "").split() and values.get("type"):
            self.page.alternates[values["type"] or ""] = values.get("href") or ""


def parse_page(text: str) -> Page:
    """The page's checks and contents."""
    parser = PageParser()
    parser.feed(text)
    parser.close()
    if not parser.page.doctype:
        parser.page.problems.insert(0, "no <!doctype html>")
    return parser.page


# --- the server and what it serves --------------------------------------------------------------------
@contextmanager
def forked_serving(app, processes: int = SERVER_PROCESSES) -> Iterator[str]:
    """``app`` served by ``processes`` forks of this process accepting on one socket of 127.0.0.1: its origin.

    The pages are rendered in Python, one at a time per process; forks (which share the loaded store, as the
    server's query workers do) put both cores to work and leave this process's to the client. Without
    ``os.fork`` the app is served from a thread of this process."""
    if not hasattr(os, "fork"):
        with serving(app) as origin:
            yield origin
        return
    import uvicorn

    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(256)
    origin = f"http://127.0.0.1:{listener.getsockname()[1]}"
    children = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:  # the child serves until told to stop, and leaves without running the parent's exit hooks
            code = 0
            try:
                uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[listener])
            except BaseException:  # whatever happens, the child must not return into pytest
                code = 1
            finally:
                os._exit(code)
        children.append(pid)
    listener.close()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(origin + "/static/hisab.css", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the forked servers did not start") from None
                time.sleep(0.1)
        yield origin
    finally:
        for pid in children:
            os.kill(pid, signal.SIGTERM)
        for pid in children:
            deadline = time.monotonic() + 15
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    break
                time.sleep(0.05)


@pytest.fixture(scope="module")
def server(project, layout) -> Iterator[str]:
    """The server over the project's store (with the source texts), on a free port of 127.0.0.1."""
    backend = Backend(embedded=project.store.oxigraph)
    app = create_app(backend, Settings(queries_dir=layout.queries_dir, ontology_files=tuple(layout.ontology_files()),
                                       seeds_dir=layout.seeds_dir))
    with forked_serving(app) as origin:
        yield origin


def thing_paths(project) -> list[str]:
    """The ``/doc/…`` path of every IRI subject under ``/id/`` and ``/scheme/`` in the store."""
    query = ("SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { GRAPH ?g { ?x ?p ?o } } FILTER (isIRI(?x) && "
             "(STRSTARTS(STR(?x), 'https://w3id.org/hisab/id/') || STRSTARTS(STR(?x), 'https://w3id.org/hisab/scheme/'))"
             " && !CONTAINS(STR(?x), '#')) }")
    paths = set()
    for row in project.store.query(query):
        rest = str(row[0])[len(BASE):]
        paths.add("/doc/" + quote(rest[3:] if rest.startswith("id/") else rest, safe="/:@!$&'()*+,;=-._~"))
    return sorted(paths)


def saved_query_pages(layout) -> list[str]:
    """``/queries/<name>`` for every saved query of the project."""
    return [f"/queries/{path.stem}" for path in sorted(layout.queries_dir.glob("*.rq"))]


@dataclass
class Fetched:
    """One URL as fetched: its final status, media type and (for HTML) its parsed page."""

    url: str
    status: int
    media: str
    page: Page | None = None
    error: str = ""


def fetch(client: httpx.Client, url: str) -> Fetched:
    """``url`` as a browser follows a link to it; HTML is read and parsed, anything else only its status."""
    try:
        with client.stream("GET", url, headers={"Accept": BROWSER_ACCEPT}, follow_redirects=True) as response:
            media = response.headers.get("content-type", "").split(";")[0].strip()
            if media != "text/html" or response.status_code != 200:
                return Fetched(url, response.status_code, media)
            return Fetched(url, 200, media, parse_page(response.read().decode("utf-8")))
    except (httpx.HTTPError, UnicodeDecodeError) as exc:
        return Fetched(url, 0, "", error=f"{type(exc).__name__}: {exc}")


def fetch_all(client: httpx.Client, urls: Iterable[str]) -> dict[str, Fetched]:
    """Every URL fetched by a few threads."""
    with ThreadPoolExecutor(WORKERS) as pool:
        return {found.url: found for found in pool.map(lambda url: fetch(client, url), urls)}


def internal(origin: str, page_url: str, link: str) -> str | None:
    """The absolute URL of a link on the same origin (fragment kept), or None for another origin or scheme."""
    if link.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    absolute = urljoin(page_url, link)
    parts, home = urlsplit(absolute), urlsplit(origin)
    if (parts.scheme, parts.netloc) != (home.scheme, home.netloc):
        return None
    return absolute


@pytest.fixture(scope="module")
def crawl(server, project, layout) -> dict[str, dict[str, Fetched]]:
    """The pages (things, overview, saved queries) and then every distinct internal link on them, fetched."""
    things = [server + path for path in thing_paths(project)]
    others = [server + path for path in (*OVERVIEW_PAGES, *saved_query_pages(layout))]
    limits = httpx.Limits(max_connections=WORKERS, max_keepalive_connections=WORKERS)
    with httpx.Client(timeout=60, limits=limits) as client:
        pages = fetch_all(client, things + others)
        targets = {urldefrag(url)[0] for url in _links(server, pages)} - set(pages)
        linked = fetch_all(client, sorted(targets))
    return {"things": {url: pages[url] for url in things}, "others": {url: pages[url] for url in others},
            "linked": linked}


def _links(origin: str, pages: dict[str, Fetched]) -> Iterator[str]:
    for url, found in pages.items():
        if found.page is not None:
            for link in found.page.links:
                target = internal(origin, url, link)
                if target is not None:
                    yield target


# --- the tests ----------------------------------------------------------------------------------------
def test_the_data_has_many_things_to_show(crawl):
    assert len(crawl["things"]) > 500
    assert any("/doc/incident/" in url for url in crawl["things"])
    assert any("/doc/document/" in url for url in crawl["things"])


def test_every_page_answers_200_with_html(crawl):
    failures = [f"{url}: {found.status} {found.media} {found.error}".rstrip()
                for group in ("things", "others") for url, found in crawl[group].items()
                if found.status != 200 or found.page is None]
    assert not failures, f"{len(failures)} page(s) not served as HTML:\n" + "\n".join(failures)


def test_every_page_is_well_formed(crawl):
    problems = []
    for group in ("things", "others"):
        for url, found in crawl[group].items():
            if found.page is not None and found.page.problems:
                problems.append(f"{url}:\n    " + "\n    ".join(found.page.problems[:8]))
    assert not problems, f"{len(problems)} page(s) with structural errors:\n" + "\n".join(problems)


def test_every_page_has_a_language_a_title_and_one_h1(crawl):
    problems = []
    for group in ("things", "others"):
        for url, found in crawl[group].items():
            page = found.page
            if page is None:
                continue
            told = []
            if not page.lang:
                told.append("no lang on <html>")
            if len(page.titles) != 1 or not page.titles[0]:
                told.append(f"{len(page.titles)} <title> ({page.titles})")
            if page.h1 != 1:
                told.append(f"{page.h1} <h1>")
            if told:
                problems.append(f"{url}: {'; '.join(told)}")
    assert not problems, f"{len(problems)} page(s):\n" + "\n".join(problems)


def test_every_thing_page_names_its_rdf_alternates(crawl):
    problems = []
    for url, found in crawl["things"].items():
        if found.page is None:
            continue
        path = urlsplit(url).path
        missing = [media for media in THING_ALTERNATES if media not in found.page.alternates]
        wrong = [f"{media} -> {href}" for media, href in found.page.alternates.items()
                 if media in THING_ALTERNATES and not urlsplit(urljoin(url, href)).path.startswith(path)]
        if missing or wrong:
            problems.append(f"{url}: missing {missing}, pointing elsewhere {wrong}")
    assert not problems, f"{len(problems)} thing page(s) without their alternates:\n" + "\n".join(problems[:50])


def test_every_internal_link_resolves(crawl, server):
    fetched = {**crawl["things"], **crawl["others"], **crawl["linked"]}
    pages = {**crawl["things"], **crawl["others"]}
    broken: dict[str, set[str]] = defaultdict(set)  # what is wrong: the pages that link there
    checked = 0
    for url, found in pages.items():
        if found.page is None:
            continue
        for link in found.page.links:
            target = internal(server, url, link)
            if target is None:
                continue
            checked += 1
            address, fragment = urldefrag(target)
            reached = fetched[address]
            short = target[len(server):]
            if reached.status != 200:
                broken[f"{short}: {reached.status or reached.error}"].add(url[len(server):])
            elif fragment and not _fragment_found(fragment, reached):
                broken[f"{short}: no id {fragment!r} on the target page"].add(url[len(server):])
    assert checked > 1000, f"only {checked} internal links found"
    lines = [f"{what}  (linked from {len(sources)} page(s), e.g. {', '.join(sorted(sources)[:3])})"
             for what, sources in sorted(broken.items())]
    assert not lines, f"{len(lines)} broken internal link(s):\n" + "\n".join(lines)


def _fragment_found(fragment: str, reached: Fetched) -> bool:
    """Whether a fragment points at something on the target (``#`` alone and ``#top`` always do)."""
    if fragment in ("", "top") or fragment.startswith(":~:"):
        return True
    if reached.page is None:  # a fragment into Turtle, JSON or an image: not checked
        return True
    from urllib.parse import unquote

    return fragment in reached.page.ids or unquote(fragment) in reached.page.ids


def test_source_links_point_at_highlighted_spans(crawl):
    """An incident's evidence links into its source's text: ``#span-<start>-<end>`` ids that the reader has."""
    spans = [link for url, found in crawl["things"].items() if "/doc/incident/" in url and found.page is not None
             for link in found.page.links if re.search(r"/doc/document/[^#]+#span-\d+-\d+$", link)]
    assert spans, "no incident page links into a source's text (#span-<start>-<end>)"


def test_the_page_checks_find_broken_markup():
    """The checks above can fail: an unclosed element, a stray end tag, a repeated id and no doctype are found."""
    broken = parse_page('<html><body><main><div id="a"><span id="a">x</div></section><p>ok</main></body></html>')
    told = "\n".join(broken.problems)
    assert "no <!doctype html>" in told and "<span> not closed" in told and "</section> closes nothing" in told
    assert "id 'a' used twice" in told and broken.lang is None and broken.h1 == 0
    good = parse_page('<!doctype html><html lang="en"><head><title>T</title><link rel="alternate" '
                      'type="text/turtle" href="/doc/x.ttl"></head><body><h1>T</h1><p>a<p>b<ul><li>c</ul>'
                      '<svg><title>chart</title><path d="M0 0"/></svg><a href="/doc/y#span-1-2">y</a></body></html>')
    assert not good.problems and good.lang == "en" and good.titles == ["T"] and good.h1 == 1
    assert good.alternates == {"text/turtle": "/doc/x.ttl"} and "/doc/y#span-1-2" in good.links
