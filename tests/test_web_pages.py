"""The pages a researcher reads, over the project's data on a real server: incident pages with the evidence
passages quoted exactly from the checked source texts, disputed claims beside their counter-claims, facts
source by source, the project's mapping kept apart; the source reader with every span marked and its
coverage; search by name; and what a page says when a source text is missing or has changed.
"""

from __future__ import annotations

import html
import re
import shutil
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hisab.web.app import Settings, create_app, page_href
from hisab.web.backend import Backend
from hisab.web.page_data import Span
from hisab.web.rdf_out import Rebase
from hisab.web.reader import _covered, _segments
from hisab.web.search import normalise
from tests.servers import serving

pytestmark = pytest.mark.seeds

ATAREB = "al-atareb-market-2017-11-13"
MAARET = "maaret-al-numan-market-2019-07-22"
ATAREB_REPORT = "snhr-al-atareb-massacre-2017"


@pytest.fixture(scope="module")
def backend(project) -> Backend:
    return Backend(embedded=project.store.oxigraph)


def _app(backend: Backend, layout, seeds: Path | None):
    return create_app(backend, Settings(queries_dir=layout.queries_dir, seeds_dir=seeds,
                                        ontology_files=tuple(layout.ontology_files())))


@pytest.fixture(scope="module")
def http(backend, layout) -> Iterator[httpx.Client]:
    with serving(_app(backend, layout, layout.seeds_dir)) as origin, \
            httpx.Client(base_url=origin, timeout=60, headers={"Accept": "text/html"}) as client:
        yield client


@pytest.fixture(scope="module")
def documents(project) -> dict[str, tuple[str, int, int]]:
    """Document IRI -> (file name, own text start, own text end)."""
    rows = project.store.oxigraph.query(
        "PREFIX hisab: <https://w3id.org/hisab/ontology#> SELECT ?d ?f ?s ?e WHERE { ?d a hisab:SourceDocument ; "
        "hisab:localFileName ?f ; hisab:ownTextStart ?s ; hisab:ownTextEnd ?e }", use_default_graph_as_union=True)
    return {row["d"].value: (row["f"].value, int(row["s"].value), int(row["e"].value)) for row in rows}


class _Passages(HTMLParser):
    """The evidence blockquotes of a page: (text, footer)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._depth = 0
        self._part = ""
        self._text: list[str] = []
        self._footer: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "blockquote" and ("class", "evidence") in attrs:
            self._depth, self._text, self._footer, self._part = 1, [], [], "text"
        elif self._depth and tag == "footer":
            self._part = "footer"

    def handle_endtag(self, tag) -> None:
        if tag == "blockquote" and self._depth:
            self.found.append(("".join(self._text).strip(), "".join(self._footer)))
            self._depth = 0

    def handle_data(self, data) -> None:
        if self._depth:
            (self._text if self._part == "text" else self._footer).append(data)


def _passages(page: str) -> list[tuple[str, str]]:
    parser = _Passages()
    parser.feed(page)
    return parser.found


# --- incident pages -----------------------------------------------------------------------------------
def test_an_incident_page_quotes_every_passage_exactly_from_the_source_text(http, layout, documents):
    page = http.get(f"/doc/incident/{ATAREB}").text
    passages = _passages(page)
    assert len(passages) >= 10
    file_name = documents[f"https://w3id.org/hisab/id/document/{ATAREB_REPORT}"][0]
    text = (layout.seeds_dir / file_name).read_text(encoding="utf-8")
    for quoted, footer in passages:
        start, end = map(int, re.search(r"characters (\d+)–(\d+)", footer).groups())
        assert quoted == text[start:end].strip(), footer
    assert 'class="in-source" href="http://' in page and f"/doc/document/{ATAREB_REPORT}#span-" in page


def test_an_incident_page_shows_facts_source_by_source_at_their_precision(http):
    page = http.get(f"/doc/incident/{ATAREB}").text
    facts = page.split('id="facts"', 1)[1].split("</section>", 1)[0]
    assert "13 November 2017" in facts and "14:08" in facts and ">approximately</a>" in facts
    assert ">fixed-wing aircraft</a>" in facts and "Where:" in facts and ">al Atareb</a>" in facts
    figures = page.split('id="figures-table"', 1)[1].split("</section>", 1)[0]
    assert "<td>79</td>" in figures.replace("\n", "")
    children = figures.split("003-atareb-children-killed", 1)[1].split("</tr>", 1)[0]
    assert "003-atareb-civilians-killed — 79 civilians killed" in children  # the total it is part of


def test_a_month_only_date_says_it_is_a_month(http):
    page = http.get("/doc/agreement/astana").text
    assert "May 2017" in page and "month only: the source gives no day" in page
    assert "17 May 2017" not in page and "1 May 2017" not in page


def test_a_disputed_attribution_carries_the_denials_beside_it(http):
    page = http.get(f"/doc/incident/{MAARET}").text
    card = page.split('id="claim-004-attribution-maaret-al-numan"', 1)[1]
    card = card.split('id="section-', 1)[0]
    assert 'class="badge disputed">disputed' in card.split("</header>", 1)[0]
    assert "claim 004-denial-russian-mod" in card and "claim 004-denial-russia-headline" in card
    assert "Ministry of Defence of the Russian Federation" in card
    # the denial is not listed again as a claim of its own
    assert page.count('id="claim-004-denial-russian-mod"') == 1


def test_a_counter_claim_against_a_fact_marks_that_fact_disputed(http):
    page = http.get(f"/doc/incident/{MAARET}").text
    facts = page.split('id="facts"', 1)[1].split("</section>", 1)[0]
    target_row = facts.split(">target</a>", 1)[1].split("</tr>", 1)[0]
    assert "badge disputed" in target_row and "disputes popular market of Ma&#39;aret al Numan" in target_row


def test_the_projects_mapping_is_kept_apart_from_what_the_source_cited(http, project):
    rows = list(project.store.oxigraph.query(
        "PREFIX hisab: <https://w3id.org/hisab/ontology#> SELECT ?c ?i ?cited WHERE { ?c a hisab:ViolationAllegation ; "
        "hisab:mappedProvision ?p ; hisab:citedAs ?cited ; hisab:aboutIncident ?i } LIMIT 1",
        use_default_graph_as_union=True))
    assert rows, "the data has an allegation with a mapped provision"
    claim, incident, cited = rows[0]["c"].value, rows[0]["i"].value, rows[0]["cited"].value
    page = http.get(incident.replace("https://w3id.org/hisab/id/", "/doc/")).text
    card = page.split(f'id="claim-{claim.rsplit("/", 1)[1]}"', 1)[1].split("</article>", 1)[0]
    own, mapping = card.split('<div class="mapping">', 1)
    assert html.escape(cited, quote=True) in own or cited in html.unescape(own)
    assert ">mapped provision (project's mapping)</a>" in html.unescape(mapping) and "mapped provision" not in own


# --- evidence that cannot be shown ----------------------------------------------------------------------
def test_a_missing_or_changed_source_text_is_said_on_the_page(backend, layout, documents, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(layout.seeds_dir, seeds)
    atareb = documents[f"https://w3id.org/hisab/id/document/{ATAREB_REPORT}"][0]
    maaret = documents["https://w3id.org/hisab/id/document/snhr-fourth-de-escalation-zone-massacres-2019"][0]
    (seeds / atareb).chmod(0o644)
    (seeds / atareb).write_text((seeds / atareb).read_text(encoding="utf-8").replace("Russian", "Rusian"), "utf-8")
    (seeds / maaret).unlink()
    with serving(_app(backend, layout, seeds)) as origin, httpx.Client(base_url=origin, timeout=60) as client:
        changed = client.get(f"/doc/incident/{ATAREB}", headers={"Accept": "text/html"}).text
        assert f"the source text {atareb} has changed" in changed
        quoted = [text for text, footer in _passages(changed) if "al Atareb market massacre" in footer]
        assert quoted and all(text.startswith("Passage not shown") for text in quoted)
        assert "Rusian" not in changed and "Passage not shown" in changed
        missing = client.get(f"/doc/incident/{MAARET}", headers={"Accept": "text/html"}).text
        assert f"the source text {maaret} is not available on this server" in missing
        reader = client.get(f"/doc/document/{ATAREB_REPORT}", headers={"Accept": "text/html"}).text
        assert "The text is not shown" in reader and "has changed" in reader
        assert 'id="span-325-582"' in reader  # the span list still anchors every span


def test_a_page_notices_a_source_text_that_changes_while_the_server_runs(backend, layout, documents, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(layout.seeds_dir, seeds)
    atareb = documents[f"https://w3id.org/hisab/id/document/{ATAREB_REPORT}"][0]
    with serving(_app(backend, layout, seeds)) as origin, httpx.Client(base_url=origin, timeout=60) as client:
        before = client.get(f"/doc/incident/{ATAREB}", headers={"Accept": "text/html"}).text
        assert "Passage not shown" not in before
        (seeds / atareb).chmod(0o644)
        (seeds / atareb).write_bytes((seeds / atareb).read_bytes() + b" ")
        time.sleep(1.2)
        after = client.get(f"/doc/incident/{ATAREB}", headers={"Accept": "text/html"}).text
        assert f"the source text {atareb} has changed" in after


# --- the source reader ----------------------------------------------------------------------------------
def test_the_reader_marks_every_span_and_states_the_coverage_of_the_reports_own_text(http, project, documents):
    iri = f"https://w3id.org/hisab/id/document/{ATAREB_REPORT}"
    page = http.get(f"/doc/document/{ATAREB_REPORT}").text
    rows = project.store.oxigraph.query(
        "PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?s ?e WHERE { ?span oa:hasSource <" + iri + "> ; "
        "oa:hasSelector [ oa:start ?s ; oa:end ?e ] }", use_default_graph_as_union=True)
    spans = [(int(r["s"].value), int(r["e"].value)) for r in rows]
    assert len(spans) > 20
    for start, end in spans:
        assert f'<mark id="span-{start}-{end}"' in page, (start, end)
        assert f'id="claims-span-{start}-{end}"' in page
    _, own_start, own_end = documents[iri]
    covered = [0] * (own_end - own_start)
    for start, end in spans:
        for index in range(max(start, own_start), min(end, own_end)):
            covered[index - own_start] = 1
    share = 100 * sum(covered) / len(covered)
    coverage = page.split('id="coverage"', 1)[1].split("</p>", 1)[0]
    assert f"{share:.1f} %" in coverage and f"{sum(covered):,} of {len(covered):,} characters" in coverage
    assert 'class="outside">HomeTrucesDe-Escalation Agreements' in page  # the site's navigation, not the report


def test_the_reader_cuts_the_text_at_every_boundary():
    doc = "https://example.org/d"
    spans = [Span(None, doc, 2, 6), Span(None, doc, 4, 9), Span(None, doc, 4, 5)]
    segments = _segments("abcdefghijkl", spans, 1, 11)
    assert "".join(s.text for s in segments) == "abcdefghijkl"
    assert [s.text for s in segments] == ["a", "b", "cd", "e", "f", "ghi", "jk", "l"]
    assert segments[0].outside and segments[-1].outside and not segments[1].outside
    assert segments[3].opens == ["span-4-9", "span-4-5"] and segments[3].covering[0] == "span-4-5"
    assert _covered(spans, 1, 11) == 7  # characters 2 to 9, once each
    assert _covered(spans, 5, 7) == 2


# --- links, search, not found ---------------------------------------------------------------------------
def test_pages_link_things_to_their_pages_on_this_server():
    href = page_href(Rebase("https://w3id.org/hisab/", "http://127.0.0.1:8000"))
    assert href("https://w3id.org/hisab/id/incident/x") == "http://127.0.0.1:8000/doc/incident/x"
    assert href("https://w3id.org/hisab/scheme/grade/confirmed") == "http://127.0.0.1:8000/doc/scheme/grade/confirmed"
    assert href("http://www.w3.org/ns/oa#hasSource") == "http://www.w3.org/ns/oa#hasSource"
    public = page_href(Rebase("https://w3id.org/hisab/", "https://w3id.org/hisab"))
    assert public("https://w3id.org/hisab/id/incident/x") == "https://w3id.org/hisab/doc/incident/x"
    documented = page_href(Rebase("https://w3id.org/hisab/", "http://127.0.0.1:8000"),
                           lambda: {"https://w3id.org/hisab/ontology#signatureDate": "dateofconclusion"})
    assert documented("https://w3id.org/hisab/ontology#signatureDate") == "http://127.0.0.1:8000/ontology#dateofconclusion"
    assert documented("https://w3id.org/hisab/ontology#undocumented") == "http://127.0.0.1:8000/ontology"


def test_every_term_of_the_ontology_page_is_found_by_its_iri(layout):
    from hisab.web.ontology_docs import ontology_html, term_anchors

    page = ontology_html(layout.ontology_files())
    anchors = term_anchors(page)
    assert anchors["https://w3id.org/hisab/ontology#signatureDate"] == "dateofconclusion"
    assert anchors["https://w3id.org/hisab/ontology#Incident"] in re.findall(r'id="([^"]+)"', page)
    assert '<html lang="en">' in page


@pytest.mark.parametrize("typed", ["maaret", "Ma’aret al-Numan", "MAARET AL NUMAN", "numan maaret"])
def test_search_finds_a_transliterated_name_however_it_is_typed(http, typed):
    page = http.get("/search", params={"q": typed}).text
    results = page.split('id="search-results"', 1)[1]
    assert f"/doc/incident/{MAARET}" in results and "/doc/place/maaret-al-numan\"" in results


def test_search_groups_by_kind_and_says_when_nothing_is_found(http):
    page = http.get("/search", params={"q": "russian"}).text
    assert ">Actors <span" in page and "/doc/actor/russian-forces" in page
    nothing = http.get("/search", params={"q": "zzzz-no-such-name"}).text
    assert "Nothing is named “zzzz-no-such-name”" in nothing


def test_normalise_folds_case_accents_and_apostrophes():
    assert normalise("Ma’aret al-Nu‘man") == "maaret al numan"
    assert normalise("ÉTAT  d'urgence") == "etat durgence"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_search_never_fails_and_never_echoes_markup(http, typed):
    response = http.get("/search", params={"q": typed})
    assert response.status_code == 200
    assert "<script" not in response.text.split("<main", 1)[1].lower()


def test_an_unknown_thing_has_a_not_found_page_in_the_site_frame(http):
    response = http.get("/doc/incident/no-such-incident")
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.text and 'role="search"' in response.text


def test_the_home_page_counts_what_the_graph_holds(http, project):
    page = http.get("/").text
    count = next(iter(project.store.oxigraph.query(
        "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a <https://w3id.org/hisab/ontology#Incident> }",
        use_default_graph_as_union=True)))["n"].value
    assert f">{int(count):,} incidents</a>" in page


def test_every_kind_of_thing_has_its_page(http):
    for path, marker in [(f"/doc/incident/{ATAREB}", 'id="section-attributions"'),
                         ("/doc/actor/russian-forces", 'id="accusations"'),
                         ("/doc/agreement/astana", 'id="breaches"'),
                         ("/doc/provision/rome-statute-art-8-2-e-i", 'id="allegations"'),
                         (f"/doc/document/{ATAREB_REPORT}", 'class="reader"'),
                         ("/doc/claim/003-attribution-russian-forces", 'class="claim'),
                         ("/doc/tally/003-atareb-civilians-killed", 'id="parts"'),
                         ("/doc/place/al-atareb", 'id="incidents"'),
                         ("/doc/scheme/grade/confirmed", "What links here")]:
        response = http.get(path)
        assert response.status_code == 200, path
        assert marker in response.text, (path, marker)
        assert response.text.count("<h1") == 1 and '<link rel="alternate" type="text/turtle"' in response.text
