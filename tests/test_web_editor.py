"""The query editor at ``/sparql`` and the saved queries' pages, as a browser without JavaScript meets them
(a real uvicorn server, a real HTTP client), and the bundled third-party files they load.

Which requests get the editor (the client prefers HTML over every SPARQL result type; garbage Accept
headers never crash it); the editor lists every saved query as an example; its plain form answers
SELECT, ASK and CONSTRUCT as HTML tables and errors as readable messages with a 4xx status; the
saved queries' pages; ``static/vendor`` matches ``VENDOR.json`` and the npm lock, and the page's
configuration keeps YASGUI from fetching anything from elsewhere.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import Request

from hisab.queries import Param, SavedQuery, load_catalogue
from hisab.web import bundle
from hisab.web.app import Settings, create_app
from hisab.web.backend import Backend
from hisab.web.editor import RESULT_TYPES, prefers_html, wants_editor
from hisab.web.openapi import must_be_given
from tests.servers import serving

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/png,*/*;q=0.8"
STATIC = Path(bundle.__file__).parent / "static"
MAX_ROWS = 50


@pytest.fixture(scope="module")
def server(project, layout) -> Iterator[str]:
    """The server over the project's store, running in this process on a free port."""
    backend = Backend(embedded=project.store.oxigraph)
    app = create_app(backend, Settings(query_timeout=10, max_rows=MAX_ROWS, queries_dir=layout.queries_dir,
                                       ontology_files=tuple(layout.ontology_files())))
    with serving(app) as origin:
        yield origin


@pytest.fixture(scope="module")
def browser(server) -> Iterator[httpx.Client]:
    """A client that asks for HTML as browsers do."""
    with httpx.Client(base_url=server, timeout=60, headers={"Accept": BROWSER}) as client:
        yield client


@pytest.fixture(scope="module")
def catalogue(layout) -> dict:
    return load_catalogue(layout.queries_dir)


class Tables(HTMLParser):
    """The tables of a page by id: their column headers and their rows of cell texts (and each cell's links)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, dict] = {}
        self._table: dict | None = None
        self._cell: list[str] | None = None
        self._links: list[str] = []
        self._in_head = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "table" and attributes.get("id"):
            self._table = self.tables.setdefault(attributes["id"], {"columns": [], "rows": [], "links": []})
        elif self._table is None:
            return
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self._table["rows"].append([])
            self._table["links"].append([])
        elif tag in ("th", "td"):
            self._cell, self._links = [], []
        elif tag == "a" and self._cell is not None:
            self._links.append(attributes.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._table is None:
            return
        if tag == "table":
            self._table = None
        elif tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if self._in_head:
                self._table["columns"].append(text)
            else:
                self._table["rows"][-1].append(text)
                self._table["links"][-1].append(self._links)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _textarea(html: str) -> str:
    found = re.search(r'<textarea[^>]*name="query"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, "the page has no query textarea"
    return unescape(found.group(1))


def _needs(query: SavedQuery) -> list[Param]:
    """The parameters a saved query cannot run without (required, with no default)."""
    return [param for param in query.params if must_be_given(query, param)]


def _request(accept: str | None) -> Request:
    headers = [] if accept is None else [(b"accept", accept.encode("latin-1"))]
    return Request({"type": "http", "method": "GET", "path": "/sparql", "headers": headers, "query_string": b""})


# --- who gets the editor -----------------------------------------------------------------------------------
@pytest.mark.parametrize("accept, expected", [
    (BROWSER, True),
    (FIREFOX, True),
    ("text/html", True),
    ("application/xhtml+xml", True),
    ("text/html;q=0.9, application/sparql-results+json;q=0.5", True),
    ("*/*", False),
    (None, False),
    ("", False),
    ("application/sparql-results+json", False),
    ("application/sparql-results+xml, text/html;q=0.9", False),
    ("text/csv", False),
    ("text/turtle", False),
    ("text/*", False),
    ("text/html, */*", False),  # as much as anything: the results
    ("text/html;q=0, */*", False),
    ("application/json", False),
])
def test_wants_editor_when_html_is_preferred_over_every_result_type(accept, expected):
    assert prefers_html(accept) is expected
    assert wants_editor(_request(accept)) is expected


_MEDIA = st.sampled_from(["text/html", "*/*", "text/*", "application/*", "application/xhtml+xml", *RESULT_TYPES,
                          "image/webp", "", "html", "/", "*/html", "text/html/x", "TEXT/HTML"])
_PARAMETER = st.one_of(st.builds(lambda q: f"q={q}", st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(str), st.text(max_size=5))), st.text(max_size=8))


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(max_size=200),
    st.lists(st.tuples(_MEDIA, st.lists(_PARAMETER, max_size=3)), max_size=6).map(
        lambda entries: ",".join(";".join([media, *params]) for media, params in entries)),
))
def test_garbage_accept_headers_never_crash(accept):
    assert prefers_html(accept) in (True, False)
    try:
        encoded = accept.encode("latin-1")
    except UnicodeEncodeError:
        return
    request = Request({"type": "http", "method": "GET", "path": "/sparql", "headers": [(b"accept", encoded)],
                       "query_string": b""})
    assert wants_editor(request) in (True, False)


def test_a_browser_gets_the_editor_and_other_clients_the_protocol(server, browser):
    page = browser.get("/sparql")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Accept" in page.headers["vary"]
    with httpx.Client(base_url=server, timeout=30) as plain:
        described = plain.get("/sparql", headers={"Accept": "*/*"})
        assert described.headers["content-type"].startswith("text/turtle")
        answer = plain.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert answer.json()["boolean"] is True


# --- the editor page ---------------------------------------------------------------------------------------
def test_the_editor_has_the_form_the_hooks_and_every_saved_query(browser, catalogue):
    html = browser.get("/sparql").text
    assert 'id="yasgui"' in html
    assert re.search(r'<form[^>]*method="get"[^>]*action="/sparql"', html)
    assert '<label for="query-text">' in html and 'id="query-text" name="query"' in html
    assert re.search(r'<button type="submit">', html)
    for name in catalogue:
        assert f'data-example="{name}"' in html, name
        assert f'href="/queries/{name}"' in html, name
    config = json.loads(unescape(re.search(r'<script type="application/json" id="editor-config">(.*?)</script>',
                                           html, re.S).group(1)))
    assert config["endpoint"] == "/sparql"
    assert [example["name"] for example in config["examples"]] == list(catalogue)
    first = next(query for query in catalogue.values() if not any(param.required for param in query.params))
    assert config["query"] == first.text == _textarea(html)
    # no inline script: every script is a file of this server or a JSON data block
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert 'type="application/json"' in attributes or (re.search(r'src="/static/', attributes) and not body)
    # everything the page loads comes from this server
    for url in re.findall(r'<(?:script|link|img)[^>]*(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), url


def test_an_example_is_loaded_into_the_form_with_a_note_on_its_parameters(browser, catalogue):
    for name, query in catalogue.items():
        page = browser.get("/sparql", params={"example": name})
        assert page.status_code == 200
        assert _textarea(page.text) == query.text
        assert 'id="results"' not in page.text  # loaded, not run
        required = [param for param in query.params if param.required]
        if required:  # unbound as written, whether the API has a default for them or not
            assert "required parameters" in page.text and f"?{required[0].variable}" in page.text
    assert browser.get("/sparql", params={"example": "nope"}).status_code == 404
    text = browser.get("/queries/" + next(iter(catalogue)) + ".rq")
    assert text.text == next(iter(catalogue.values())).text
    assert text.headers["content-type"].startswith("application/sparql-query")


def test_a_select_from_the_form_is_a_table_with_its_variables(browser):
    query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" \
            "SELECT ?thing ?label WHERE { ?thing a ?c ; rdfs:label ?label " \
            "FILTER (STRSTARTS(STR(?thing), 'https://w3id.org/hisab/id/incident/')) } ORDER BY ?thing LIMIT 5"
    page = browser.get("/sparql", params={"query": query})
    assert page.status_code == 200
    table = Tables(page.text).tables["results"]
    assert table["columns"] == ["thing", "label"]
    assert len(table["rows"]) == 5 and all(len(row) == 2 and row[1] for row in table["rows"])
    assert "5 rows" in page.text
    assert _textarea(page.text) == query  # the query stays in the form
    # the graph's IRIs link to this server, shown by their labels
    assert all(links[0] and links[0][0].startswith("/id/incident/") for links in table["links"])
    labels = {row[1].removesuffix(" @en") for row in table["rows"]}  # a literal shows its language
    assert all(row[0] in labels for row in table["rows"])
    posted = browser.post("/sparql", data={"query": query})
    assert Tables(posted.text).tables["results"]["rows"] == table["rows"]


def test_ask_and_construct_from_the_form(browser):
    ask = browser.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert ask.status_code == 200
    assert re.search(r'id="results"[^>]*>The answer is <strong>yes</strong>', ask.text)
    no = browser.get("/sparql", params={"query": "ASK { <urn:x:nothing> ?p ?o }"})
    assert "The answer is <strong>no</strong>" in no.text
    construct = browser.get("/sparql", params={"query": "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 4"})
    table = Tables(construct.text).tables["results"]
    assert table["columns"] == ["subject", "predicate", "object"]
    assert len(table["rows"]) == 4 and all(row[1] == "rdf:type" for row in table["rows"])
    assert "4 triples" in construct.text


def test_the_row_cap_is_stated_when_it_cuts(browser):
    page = browser.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert page.status_code == 200
    assert len(Tables(page.text).tables["results"]["rows"]) == MAX_ROWS
    assert f"cut at {MAX_ROWS}, the server's row cap" in page.text


def test_links_only_go_where_links_may(browser):
    query = 'SELECT ?a ?b ?c WHERE { BIND (IRI("javascript:alert(1)") AS ?a) BIND (IRI("urn:x:y") AS ?b) ' \
            'BIND ("<script>alert(1)</script>" AS ?c) }'
    page = browser.get("/sparql", params={"query": query})
    table = Tables(page.text).tables["results"]
    assert table["rows"] == [["javascript:alert(1)", "urn:x:y", "<script>alert(1)</script>"]]
    assert table["links"] == [[[], [], []]]
    assert "<script>alert(1)" not in page.text


@pytest.mark.parametrize("query, status, words", [
    ("SELECT * WHERE { ?s ?p }", 400, "not valid SPARQL"),
    ("DELETE WHERE {?s ?p ?o}", 403, "update"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "update"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
])
def test_errors_are_readable_messages_with_a_client_error_status(browser, query, status, words):
    page = browser.get("/sparql", params={"query": query})
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    error = re.search(r'<div id="query-error"[^>]*role="alert">(.*?)</div>', page.text, re.S)
    assert error and words.lower() in unescape(error.group(1)).lower()
    assert "Traceback" not in page.text and 'id="results"' not in page.text
    assert _textarea(page.text) == query  # to be corrected


def test_an_update_parameter_is_refused_on_the_page(browser):
    page = browser.post("/sparql", data={"update": "DROP ALL"})
    assert page.status_code == 403 and "read-only" in page.text


# --- the saved queries' pages ------------------------------------------------------------------------------
def test_the_queries_page_lists_every_saved_query(browser, catalogue):
    page = browser.get("/queries")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    table = Tables(page.text).tables["queries"]
    assert [row[0] for row in table["rows"]] == list(catalogue)
    for row, query in zip(table["rows"], catalogue.values(), strict=True):
        assert row[1] == " ".join(query.summary.split())
        for param in query.params:
            assert param.name in row[3]
    assert 'aria-current="page"' in page.text and 'href="/queries" aria-current="page"' in page.text


def test_each_saved_query_has_its_page(browser, catalogue):
    for name, query in catalogue.items():
        page = browser.get(f"/queries/{name}")
        assert page.status_code == 200, name
        html = page.text
        code = re.search(r'<pre class="query-text"><code>(.*?)</code></pre>', html, re.S)
        assert code and unescape(code.group(1)) == query.text, name
        opened = re.search(r'<a id="open-in-editor" href="([^"]+)"', html).group(1)
        assert parse_qs(urlsplit(unescape(opened)).query)["query"] == [query.text]
        assert f'href="/api/queries/{name}' in html
        assert (f"The API answers {query.pagination} rows a page" in html) == (query.pagination is not None), name
        if _needs(query):
            assert "needs parameters" in html, name
        elif 'id="preview"' in html:
            assert re.search(r"[0-9,]+ (rows?|triples?)", html), name
        else:
            assert "The answer is" in html or "could not be run" in html or "0 rows" in html, name


def test_open_in_the_editor_opens_it_with_the_query(browser, catalogue):
    name = "source-documents" if "source-documents" in catalogue else next(iter(catalogue))
    page = browser.get(f"/queries/{name}")
    opened = unescape(re.search(r'<a id="open-in-editor" href="([^"]+)"', page.text).group(1))
    editor = browser.get(opened)
    assert editor.status_code == 200 and 'id="yasgui"' in editor.text
    assert _textarea(editor.text) == catalogue[name].text


def test_an_unknown_saved_query_is_a_404_page(browser):
    page = browser.get("/queries/nope")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "No such saved query" in page.text and 'href="/queries"' in page.text


def test_the_pages_load_the_bundled_files(browser):
    html = browser.get("/sparql").text
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert browser.get(url).status_code == 200, url
    assert browser.get("/static/vendor/axe-core/axe.min.js").status_code == 200


# --- the bundled files -------------------------------------------------------------------------------------
def test_vendored_files_match_vendor_json_and_the_lock():
    assert bundle.check() == []
    manifest = json.loads((STATIC / "vendor" / "VENDOR.json").read_text())
    locked = bundle.lock_packages()
    wanted = json.loads((bundle.ASSETS / "package.json").read_text())["dependencies"]
    assert {entry["package"] for entry in manifest["packages"]} == set(wanted)
    for entry in manifest["packages"]:
        assert wanted[entry["package"]] == entry["version"], "package.json pins exact versions"
        lock = locked[f"node_modules/{entry['package']}"]
        assert (lock["version"], lock["integrity"]) == (entry["version"], entry["integrity"])
        assert entry["integrity"].startswith("sha512-")
        for name, digest in entry["files"].items():
            assert bundle.sha256(STATIC / "vendor" / name) == digest
        assert any(name.endswith("LICENSE") for name in entry["files"]), entry["package"]
    files = {name for entry in manifest["packages"] for name in entry["files"]}
    assert {"@zazuko/yasgui/yasgui.min.js", "@zazuko/yasgui/yasgui.min.css", "axe-core/axe.min.js"} <= files
    assert all(lock.get("integrity") for lock in locked.values()), "every locked package has npm's integrity"


def test_the_check_names_a_file_that_differs(tmp_path, capsys):
    copy = tmp_path / "vendor"
    shutil.copytree(STATIC / "vendor", copy)
    assert bundle.check(copy) == []
    (copy / "axe-core" / "axe.min.js").write_text("tampered")
    (copy / "extra.js").write_text("")
    problems = bundle.check(copy)
    assert any("axe-core/axe.min.js" in problem and "differs" in problem for problem in problems)
    assert any("extra.js" in problem and "not listed" in problem for problem in problems)
    (copy / "@zazuko" / "yasgui" / "yasgui.min.css").unlink()
    assert any("yasgui.min.css" in problem and "missing" in problem for problem in bundle.check(copy))
    assert bundle.main(["--check"]) == 0
    assert "matches" in capsys.readouterr().out


def test_yasgui_is_configured_to_fetch_nothing_from_elsewhere():
    """YASGUI's bundle holds the places it can fetch from; the page's configuration turns each off.

    Its four ``fetch`` calls: the query itself (to this server's endpoint), prefixes from ``prefixCcApi``
    (only when set; null here, the bundled list is used), the Linked Open Vocabularies service (the
    ``property`` and ``class`` autocompleters, removed here) and the CORS probe of ``corsProxy`` (unset).
    A new version of the bundle with other fetches fails this test until they are looked at.
    """
    script = (STATIC / "vendor" / "@zazuko" / "yasgui" / "yasgui.min.js").read_text(encoding="utf-8")
    assert script.count("fetch(") == 4
    assert "e.config.prefixCcApi?fetch(e.config.prefixCcApi)" in script
    assert re.search(r"fetchFromLov\(e,`property`", script) and re.search(r"fetchFromLov\(e,`class`", script)
    assert "lov.linkeddata.es" in script and "this.yasgui.config.corsProxy&&" in script
    page_script = (STATIC / "editor.js").read_text(encoding="utf-8")
    assert 'var local = ["prefixes", "variables"];' in page_script
    assert "delete Yasgui.Yasqe.Autocompleters[name]" in page_script
    assert "Yasgui.Yasqe.defaults.autocompleters = local.slice();" in page_script
    assert "Yasgui.Yasqe.defaults.prefixCcApi = null;" in page_script
    assert "corsProxy: undefined" in page_script and "persistenceId: null" in page_script
    assert "endpoint: endpoint" in page_script and "new URL(config.endpoint, window.location.href)" in page_script
    assert not re.search(r"https?://", page_script), "the page's script names no address elsewhere"
    style = (STATIC / "vendor" / "@zazuko" / "yasgui" / "yasgui.min.css").read_text(encoding="utf-8")
    assert "@import" not in style and not re.search(r"url\(\s*['\"]?(https?:)?//", style)
    assert not re.search(r"url\(|@import", (STATIC / "editor.css").read_text(encoding="utf-8"))
