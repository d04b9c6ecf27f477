"""The overview pages (/timeline, /casualties, /agreements, /provisions) and their charts.

Unit tests of :mod:`hisab.web.charts` (a lower bound is drawn open and labelled ≥, a part is drawn inside
its total and never stacked on it, an undetermined perpetrator is labelled so, a month-only date is a
month-wide band, every chart is well-formed XML), the saved queries written for these pages, and the
pages themselves over the project's data on a real server: every figure with its qualifier, every link to
a saved query naming one that exists, no 500 whatever the query string.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hisab.queries import bind, load_catalogue
from hisab.web import charts
from hisab.web.app import Settings, create_app
from hisab.web.backend import Backend
from tests.servers import serving

SVG = "{http://www.w3.org/2000/svg}"
QUERIES = Path(__file__).resolve().parents[1] / "queries"
CATALOGUE = load_catalogue(QUERIES)
NEW_QUERIES = ["agreement-periods", "figure-parts", "reference-periods", "legal-provisions"]
PAGES = ["/timeline", "/casualties", "/agreements", "/provisions"]
TALLY = "https://w3id.org/hisab/id/tally/"


def parse(svg: str) -> ET.Element:
    """The chart as XML (fails when it is not well-formed)."""
    return ET.fromstring(svg)


def bars(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-figure"): g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"}


def rect_of(group: ET.Element) -> ET.Element:
    return next(r for r in group.iter(f"{SVG}rect") if r.get("data-role"))


def texts(element: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in element.iter(f"{SVG}text"))


# --- charts.py: bars ---------------------------------------------------------------------------------

def test_a_lower_bound_is_drawn_open_ended_and_labelled_at_least():
    svg = charts.bar_chart("c", "Killed", "one lower bound", [charts.Panel("Alliance", (
        charts.Bar("f1", "civilians killed", 781, charts.AT_LEAST),
        charts.Bar("f2", "civilians killed", 42, charts.EXACT),
    ))])
    found = bars(parse(svg))
    bound, exact = found["f1"], found["f2"]
    assert "≥ 781" in texts(bound) and "≥" not in texts(exact)
    open_end = [line for line in bound.iter(f"{SVG}line") if line.get("class") == "open-end"]
    assert open_end and open_end[0].get("marker-end") == "url(#c-arrow)"
    assert not [line for line in exact.iter(f"{SVG}line") if line.get("class") == "open-end"]
    assert bound.get("data-qualifier") == "at least"


def test_an_approximation_is_labelled_approximately():
    svg = charts.bar_chart("c", "t", "d", [charts.Panel("p", (charts.Bar("f", "attacks", 15, charts.APPROXIMATELY),))])
    group = bars(parse(svg))["f"]
    assert "≈ 15" in texts(group)
    assert [line for line in group.iter(f"{SVG}line") if line.get("class") == "approximate-end"]


@pytest.mark.parametrize("parts", [(30, 50), (74, 287)])  # parts short of their total, and parts that make it up
def test_a_part_is_never_stacked_on_its_total(parts):
    total = sum(parts) + (20 if parts == (30, 50) else 0)
    pieces = [charts.Bar(f"p{i}", "civilians killed", n, depth=1, part_of="t") for i, n in enumerate(parts)]
    panel = charts.Panel("p", (charts.Bar("t", "civilians killed", total), *pieces))
    found = bars(parse(charts.bar_chart("c", "t", "d", [panel])))
    whole = rect_of(found["t"])
    pieces = [rect_of(found[f"p{i}"]) for i in range(len(parts))]
    # every part starts at the total's own zero: none starts where another ends
    assert {float(r.get("x")) for r in pieces} == {float(whole.get("x"))}
    ticks = charts.nice_ticks(total)
    scale = (charts.BARS_END - charts.BARS_X) / ticks[-1]
    assert float(whole.get("width")) == pytest.approx(total * scale, abs=0.1)
    for rect, n in zip(pieces, parts, strict=True):
        assert float(rect.get("width")) == pytest.approx(n * scale, abs=0.1)
        assert float(rect.get("height")) < float(whole.get("height"))  # drawn inside, thinner
        assert rect.get("data-role") == "part"
    for i in range(len(parts)):
        assert found[f"p{i}"].get("data-part-of") == "t" and "of which" in texts(found[f"p{i}"])
    if parts == (30, 50):  # the total's bar is its own figure, not the sum of its parts' bars
        assert float(whole.get("width")) != pytest.approx(sum(float(r.get("width")) for r in pieces), abs=0.1)


def test_an_undetermined_perpetrator_is_labelled_as_such():
    panel = charts.Panel("Perpetrator undetermined (candidates named: Russian Federation; Syrian regime)",
                         (charts.Bar("u", "attacks using a weapon", 1, undetermined=True),), undetermined=True)
    root = parse(charts.bar_chart("c", "t", "d", [panel]))
    group = bars(root)["u"]
    assert "undetermined" in texts(group)
    assert rect_of(group).get("fill") == "url(#c-hatch)"
    assert "Perpetrator undetermined" in texts(root)


def test_an_empty_chart_is_still_a_chart():
    root = parse(charts.bar_chart("c", "t", "d", []))
    assert root.get("role") == "group" and "No figures" in texts(root)


def test_a_chart_is_labelled_by_its_title_and_description():
    root = parse(charts.bar_chart("x1", "Title & <more>", "Desc \"quoted\"", [charts.Panel("p", (
        charts.Bar("f<&>", 'label "with" <markup>', 3, href="/doc/a?b=1&c=2"),))]))
    assert root.get("role") == "group" and root.get("class") == "chart"
    assert root.get("aria-labelledby") == "x1-title x1-desc"
    assert root.find(f"{SVG}title").text == "Title & <more>"
    assert root.find(f"{SVG}desc").get("id") == "x1-desc"


# --- charts.py: the time axis ------------------------------------------------------------------------

def test_dates_keep_their_precision():
    assert charts.when("2017-05-06").precision == "day"
    month = charts.when("2016-09")
    assert (month.precision, month.first.isoformat(), month.last.isoformat()) == ("month", "2016-09-01", "2016-09-30")
    assert charts.when("2013").precision == "year"
    assert charts.when("not a date") is None and charts.when("2017-02-30") is None


def test_a_month_only_date_is_a_band_as_wide_as_its_month():
    lanes = [charts.Lane("a", "siege", "/id/a", "incident", (charts.TimeMark("2016-09", "start date"),)),
             charts.Lane("b", "attack", "/id/b", "incident", (charts.TimeMark("2017-04-04"),))]
    root = parse(charts.timeline_chart("t", "title", "desc", lanes))
    marks = {g.get("data-date"): g for g in root.iter(f"{SVG}g") if g.get("class") == "mark"}
    band = next(marks["2016-09"].iter(f"{SVG}rect"))
    assert band.get("class") == "band" and band.get("data-precision") == "month"
    day = (charts.PLOT_END - charts.PLOT_X) / (365 + 366 + 1)  # 2016 and 2017 on the axis
    assert float(band.get("width")) == pytest.approx(30 * day, rel=0.05)
    assert marks["2017-04-04"].find(f"{SVG}circle") is not None  # a day is a mark
    assert not list(marks["2017-04-04"].iter(f"{SVG}rect"))
    assert marks["2016-09"].find(f"{SVG}line").get("class") == "from"  # a start with no end given


def test_an_agreement_without_an_end_is_drawn_open():
    lanes = [charts.Lane("d", "De-escalation", "/id/d", "agreement", (),
                         (charts.InForce("2017-05-06", "", "status: collapsed (no date given)"),)),
             charts.Lane("s", "Sochi", "/id/s", "agreement", (), (charts.InForce("2018-09", "2019-01-15"),))]
    root = parse(charts.timeline_chart("t", "title", "desc", lanes))
    in_force = [g for g in root.iter(f"{SVG}g") if g.get("class") == "in-force"]
    opened = next(g for g in in_force if g.get("data-start") == "2017-05-06")
    closed = next(g for g in in_force if g.get("data-start") == "2018-09")
    assert opened.get("data-open") == "true" and closed.get("data-open") == "false"
    assert any(line.get("marker-end") == "url(#t-arrow)" for line in opened.iter(f"{SVG}line"))
    assert "end not given" in texts(opened)
    assert next(closed.iter(f"{SVG}rect")).get("data-precision") == "month"  # took effect some day that month


def test_an_approximate_date_is_marked():
    lanes = [charts.Lane("a", "x", "", "incident", (charts.TimeMark("2017-04-07", approximate=True),))]
    root = parse(charts.timeline_chart("t", "title", "desc", lanes))
    mark = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "mark")
    assert mark.get("data-approximate") == "true" and "≈" in mark.find(f"{SVG}title").text
    assert mark.find(f"{SVG}circle").get("stroke-dasharray")


@settings(max_examples=40, deadline=None)
@given(label=st.text(max_size=80), count=st.integers(min_value=0, max_value=10**9),
       qualifier=st.sampled_from([charts.EXACT, charts.AT_LEAST, charts.APPROXIMATELY, "other"]),
       date=st.text(max_size=12) | st.dates().map(str))
def test_any_input_gives_well_formed_svg(label, count, qualifier, date):
    label = "".join(ch for ch in label if ch in "\t\n\r" or (ord(ch) >= 0x20 and not 0xD800 <= ord(ch) <= 0xDFFF
                                                                  and ch not in "\ufffe\uffff"))
    parse(charts.bar_chart("c", label, label, [charts.Panel(label, (charts.Bar(label, label, count, qualifier,
                                                                               label, label),))]))
    parse(charts.timeline_chart("t", label, label, [charts.Lane(label, label, label, "incident",
                                                                (charts.TimeMark(date, "date", label),),
                                                                (charts.InForce(date),))]))


# --- the saved queries written for the pages ---------------------------------------------------------

@pytest.mark.parametrize("name", NEW_QUERIES)
def test_the_new_saved_queries_are_documented_and_answer(project, name):
    query = CATALOGUE[name]
    assert query.summary and query.description and query.tags
    text, _ = bind(query, {})
    assert list(project.store.query(text)), f"{name} returned no rows"


@pytest.fixture(scope="module")
def doubled(layout):
    """The project with every data graph asserted twice."""
    from hisab.load import load_project
    from hisab.store import EmbeddedStore

    store = EmbeddedStore()
    loaded = load_project(layout, store)
    for name in loaded.graphs["data"]:
        copy = store.graph(f"{name}/copy")
        for triple in store.graph(name):
            copy.add(triple)
    return store


@pytest.mark.parametrize("name", NEW_QUERIES)
def test_the_new_saved_queries_do_not_repeat_rows(project, doubled, name):
    text, _ = bind(CATALOGUE[name], {})
    once = [tuple(row) for row in project.store.query(text)]
    twice = [tuple(row) for row in doubled.query(text)]
    assert len(twice) == len(once) and set(twice) == set(once)


def test_agreement_periods_keep_month_precision_and_no_invented_end(project):
    text, _ = bind(CATALOGUE["agreement-periods"], {})
    rows = [{k: str(v) for k, v in row.asdict().items() if v is not None} for row in project.store.query(text)]
    sochi = [r for r in rows if r["agreement"].endswith("/sochi")]
    assert [r["entryIntoForce"] for r in sochi] == ["2018-09"]
    collapsed = [r for r in rows if r["agreement"].endswith("/de-escalation") and r.get("status") == "collapsed"]
    assert collapsed and all("endDate" not in r for r in collapsed)


def test_figure_parts_write_both_figures_with_their_qualifier(project):
    text, _ = bind(CATALOGUE["figure-parts"], {})
    rows = [{k: str(v) for k, v in row.asdict().items() if v is not None} for row in project.store.query(text)]
    pair = next(r for r in rows if r["part"].endswith("004-regime-civilians-killed"))
    assert pair["partValue"] == "625" and pair["totalValue"] == "≥ 781"


# --- the pages over the project's data ---------------------------------------------------------------

@pytest.fixture(scope="module")
def server(project, layout) -> Iterator[str]:
    backend = Backend(embedded=project.store.oxigraph)
    app = create_app(backend, Settings(query_timeout=10, max_rows=500, queries_dir=layout.queries_dir,
                                       ontology_files=tuple(layout.ontology_files())))
    with serving(app) as origin:
        yield origin


@pytest.fixture(scope="module")
def http(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def pages(http) -> dict[str, str]:
    found = {}
    for path in PAGES:
        response = http.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        found[path] = response.text
    return found


def svgs(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, re.S)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_heading_an_intro_tables_and_well_formed_charts(pages, path):
    page = pages[path]
    assert page.count("<h1>") == 1 and 'class="intro"' in page
    assert "<caption>" in page or path == "/provisions"
    assert 'aria-current="page"' in page
    for svg in svgs(page):
        root = parse(svg)
        assert root.get("class") == "chart" and root.get("role") == "group"
        assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    assert "charts.css" in page


@pytest.mark.parametrize("path", PAGES)
def test_every_link_to_a_saved_query_names_one_that_exists(pages, path):
    names = set(re.findall(r'href="/queries/([^"?#]+)', pages[path]))
    assert names
    for name in names:
        assert (QUERIES / f"{name}.rq").is_file(), f"{path} links to /queries/{name}, which is no saved query"


def test_the_timeline_chart_draws_incidents_and_agreements(pages, server):
    page = pages["/timeline"]
    assert '<figure id="timeline-chart"' in page and "<figcaption>" in page
    root = parse(svgs(page)[0])
    marks = [g for g in root.iter(f"{SVG}g") if g.get("class") == "mark"]
    siege = [g for g in marks if g.get("data-date") == "2016-09"]
    assert siege and siege[0].get("data-precision") == "month"
    in_force = [g for g in root.iter(f"{SVG}g") if g.get("class") == "in-force"]
    de_escalation = [g for g in in_force if g.get("data-start") == "2017-05-06"]
    assert de_escalation and de_escalation[0].get("data-open") == "true"  # collapsed, but no source dates the end
    sochi = [g for g in in_force if g.get("data-start") == "2018-09"]
    assert sochi
    lanes = {g.get("data-lane") for g in root.iter(f"{SVG}g") if g.get("class") == "lane"}
    assert "https://w3id.org/hisab/id/incident/al-atareb-market-2017-11-13" in lanes
    assert f'href="{server}/id/incident/al-atareb-market-2017-11-13"' in page  # rebased to this server
    assert "2013-08" in page and "month only" in page  # the table gives the date as the source does


def _figure_cells(page: str) -> list[tuple[str, str, str]]:
    """(tally IRI, value shown, qualifier column) of every row of the casualty tables."""
    rows = re.findall(r'<td class="number"><span class="figure-value"><a href="[^"]*" title="([^"]*)">([^<]*)</a>'
                      r"</span></td>\s*<td>([^<]*)</td>", page)
    return [(unescape(iri), unescape(value), unescape(qualifier)) for iri, value, qualifier in rows]


def test_casualty_figures_keep_their_qualifier(pages, project):
    page = pages["/casualties"]
    for hook in ("casualties-by-perpetrator", "casualties-by-period", "casualties-by-area", "casualties-by-category"):
        assert f'<figure id="{hook}"' in page
    cells = _figure_cells(page)
    assert cells
    qualifiers = {str(r["t"]): str(r["q"]) for r in project.select("""
        PREFIX hisab: <https://w3id.org/hisab/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?t ?q WHERE { ?t hisab:valueQualifier/skos:prefLabel ?q }""")}
    for iri, value, qualifier in cells:
        assert qualifier == qualifiers[iri], (iri, qualifier)
        if qualifier == "at least":
            assert value.startswith("≥ "), (iri, value)
        elif qualifier == "approximately":
            assert value.startswith("≈ "), (iri, value)
        else:
            assert value[0].isdigit(), (iri, value)
    atareb = [c for c in cells if c[0] == TALLY + "003-atareb-civilians-killed"]
    assert atareb and all(value == "79" and qualifier == "exact" for _, value, qualifier in atareb)
    alliance = [c for c in cells if c[0] == TALLY + "004-alliance-civilians-killed"]
    assert alliance and all(value == "≥ 781" for _, value, _ in alliance)


def test_casualty_charts_draw_every_figure_as_stated_and_nothing_summed(pages, project):
    stated = {int(r["n"]) for r in project.select(
        "PREFIX hisab: <https://w3id.org/hisab/ontology#> SELECT DISTINCT ?n WHERE { ?t hisab:count ?n }")}
    counts = {str(r["t"]): int(r["n"]) for r in project.select(
        "PREFIX hisab: <https://w3id.org/hisab/ontology#> SELECT ?t ?n WHERE { ?t hisab:count ?n }")}
    charts_on_page = [parse(svg) for svg in svgs(pages["/casualties"])]
    assert len(charts_on_page) == 4
    for root in charts_on_page:
        drawn = bars(root)
        assert TALLY + "003-atareb-civilians-killed" in drawn
        for iri, group in drawn.items():
            assert int(group.get("data-count")) == counts[iri]
            assert int(group.get("data-count")) in stated
            if group.get("data-qualifier") == "at least":
                assert "≥" in texts(group)
        # every part is drawn from the same zero as its total: no bar starts where another ends
        starts = {float(rect_of(g).get("x")) for g in drawn.values()}
        assert len(starts) == 1
    by_period = next(r for r in charts_on_page if r.get("id") == "casualties-by-period-svg")
    parts = bars(by_period)
    assert parts[TALLY + "002-russia-civilians-killed"].get("data-part-of") == TALLY + "002-total-civilians-killed"
    assert "≥ 781" in texts(by_period)


def test_the_agreements_page_lists_breaches_with_grade_and_claimant(pages):
    page = pages["/agreements"]
    assert "De-escalation agreement" in page and "Sochi agreement" in page
    section = page[page.index('id="agreement-de-escalation"'):]
    section = section[: section.index("</section>")]
    assert "confirmed" in section and "Syrian Network for Human Rights" in section
    assert "collapsed" in section and "2017-05-06" in section
    assert 'href="/queries/agreement-breaches"' in page
    assert '<figure id="agreements-chart"' in page


def test_the_provisions_page_keeps_the_source_apart_from_the_projects_reading(pages):
    page = pages["/provisions"]
    assert "Rome Statute art. 8" in page and "Security Council resolution 2254 (2015)" in page
    assert "Article 8 of Rome Statute" in page  # as the source cites it
    assert "Cited by the source" in page and "The project's reading (not the source's claim)" in page
    assert "mapped by the project" in page
    assert 'href="/queries/claims-by-provision"' in page


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PAGES), query=st.text(max_size=60))
def test_hostile_query_strings_never_give_a_server_error(http, path, query):
    response = http.get(path, params={"q": query, query[:20] or "x": query})
    assert response.status_code < 500
    raw = http.get(f"{path}?{quote(query, safe='=&%+;')}")
    assert raw.status_code < 500
