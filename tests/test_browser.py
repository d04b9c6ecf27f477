"""The site in a real browser: headless Chromium (Debian's) through Selenium, on a real server over the data.

What a reader does: reads an incident's evidence passages and follows one into the source's text, where
the passage is highlighted; reads a source with its coverage; looks at the timeline and the casualty
charts; runs a saved query in the query editor and reads its results; searches by name; skips the
navigation with the keyboard; prints an incident. Each page is checked with axe-core (WCAG 2.1 A/AA:
no serious or critical violation) and saved as a screenshot in ``$HISAB_ARTIFACTS/screenshots/``.

Skipped without ``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` on a developer's machine; failed in CI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from hisab.web.app import Settings, create_app
from hisab.web.backend import Backend
from tests.browser import assert_accessible, driver_fixture, require_browser, save_screenshot
from tests.servers import serving

INCIDENT = "al-atareb-market-2017-11-13"
SOURCE = "snhr-al-atareb-massacre-2017"
WAIT = 30  # seconds for anything the page does after it has loaded

driver = driver_fixture("module")


@pytest.fixture(scope="module")
def site(project, layout) -> Iterator[str]:
    """The server over the project's store (with the source texts), on a free port: its origin."""
    require_browser()  # no server for nothing when the browser is missing
    backend = Backend(embedded=project.store.oxigraph)
    app = create_app(backend, Settings(queries_dir=layout.queries_dir, ontology_files=tuple(layout.ontology_files()),
                                       seeds_dir=layout.seeds_dir))
    with serving(app) as origin:
        yield origin


def _by(css: str) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, css


def _wait(driver: Any, condition: Any, message: str, seconds: float = WAIT) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition, message)


def _open(driver: Any, url: str) -> None:
    """Open ``url`` (at the top of the page, on screen media) and wait until its main content is there."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.get(url)
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete", f"{url} never loaded")
    assert driver.find_elements(*_by("main#main")), f"{driver.current_url}: no main#main"


def _visible_text(element: Any) -> str:
    return element.text.strip() if element.is_displayed() else ""


def _size(driver: Any, element: Any) -> tuple[float, float]:
    box = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", element)
    return float(box[0]), float(box[1])


def _in_viewport(driver: Any, element: Any) -> bool:
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;", element)


def _check_chart(driver: Any, figure_css: str) -> None:
    """A figure with an inline ``svg.chart`` drawn at a non-zero size, with marks in it, and its data table."""
    figures = driver.find_elements(*_by(figure_css))
    assert figures, f"{driver.current_url}: no {figure_css}"
    figure = figures[0]
    charts = figure.find_elements(*_by("svg.chart"))
    assert charts, f"{figure_css} holds no svg.chart"
    width, height = _size(driver, charts[0])
    assert width > 50 and height > 50, f"{figure_css} svg.chart is drawn at {width}×{height}"
    marks = charts[0].find_elements(*_by("rect, circle, path, line, polyline, polygon"))
    assert marks, f"{figure_css}: the chart draws nothing"
    rows = driver.execute_script(
        "const f = arguments[0]; const t = f.querySelector('table') || (f.parentElement && "
        "f.parentElement.querySelector('table')); return t ? t.querySelectorAll('tbody tr, tr').length : 0;", figure)
    assert rows > 0, f"{figure_css}: no data table beside the chart"


# --- an incident and its evidence ---------------------------------------------------------------------
def test_an_incident_shows_its_evidence_passages(driver, site):
    _open(driver, f"{site}/id/incident/{INCIDENT}")
    assert urlsplit(driver.current_url).path == f"/doc/incident/{INCIDENT}", "the thing did not 303 to its page"
    claims = driver.find_elements(*_by("article.claim"))
    assert claims, "no article.claim on the incident page"
    passages = driver.find_elements(*_by("article.claim blockquote.evidence"))
    assert passages, "no blockquote.evidence in the claims"
    texts = [_visible_text(p) for p in passages]
    assert all(texts), f"{texts.count('')} of {len(texts)} evidence passages are empty or hidden"
    assert any(len(t) > 40 for t in texts), "no evidence passage quotes a sentence of its source"
    save_screenshot(driver, "incident.png")
    assert_accessible(driver, "the incident page")


def test_an_evidence_link_opens_the_source_at_the_highlighted_passage(driver, site):
    _open(driver, f"{site}/doc/incident/{INCIDENT}")
    links = driver.find_elements(*_by("article.claim a.in-source"))
    assert links, "no a.in-source link in the claims"
    link = links[0]
    href = link.get_attribute("href")
    assert re.search(r"/doc/document/[^#/]+#span-\d+-\d+$", href), f"unexpected in-source link {href}"
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    _wait(driver, lambda d: "/doc/document/" in d.current_url, "the link did not open the source reader")
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete", "the reader never loaded")
    fragment = urlsplit(driver.current_url).fragment
    assert fragment == urlsplit(href).fragment, f"landed on #{fragment}, the link said {href}"
    marks = driver.find_elements(*_by(f"div.reader mark[id='{fragment}']"))
    assert marks, f"no mark#{fragment} in the reader's text"
    assert marks[0].is_displayed() and marks[0].text.strip(), f"mark#{fragment} is hidden or empty"
    _wait(driver, lambda d: _in_viewport(d, marks[0]), f"the browser did not scroll to mark#{fragment}", 5)
    assert driver.execute_script("return document.querySelector(':target') === arguments[0];", marks[0]), \
        f"mark#{fragment} is not the page's :target"


def test_the_source_reader_highlights_spans_and_shows_its_coverage(driver, site):
    _open(driver, f"{site}/id/document/{SOURCE}")
    readers = driver.find_elements(*_by("div.reader"))
    assert readers and len(readers[0].text.strip()) > 500, "no div.reader with the report's text"
    marks = readers[0].find_elements(*_by("mark[id^='span-']"))
    assert marks, "no highlighted span (mark#span-…) in the reader"
    for mark in marks:
        assert re.fullmatch(r"span-\d+-\d+", mark.get_attribute("id")), mark.get_attribute("id")
    shown = [m for m in marks if m.is_displayed() and m.text.strip()]
    assert len(shown) == len(marks), f"{len(marks) - len(shown)} of {len(marks)} highlighted spans hidden or empty"
    background = driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor;", marks[0])
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "a highlighted span has no background"
    coverage = driver.find_elements(*_by("#coverage"))
    assert coverage and coverage[0].is_displayed(), "no #coverage figure"
    assert re.search(r"\d+(\.\d+)?\s*%", coverage[0].text), f"#coverage gives no percentage: {coverage[0].text!r}"
    save_screenshot(driver, "source-reader.png")
    assert_accessible(driver, "the source reader")


# --- overview charts ----------------------------------------------------------------------------------
def test_the_timeline_chart_renders(driver, site):
    _open(driver, f"{site}/timeline")
    _check_chart(driver, "figure#timeline-chart")
    assert driver.find_elements(*_by("a[href^='/queries/']")), "the timeline links to no saved query"
    save_screenshot(driver, "timeline.png")
    assert_accessible(driver, "/timeline")


def test_the_casualty_charts_render(driver, site):
    _open(driver, f"{site}/casualties")
    for figure in ("#casualties-by-perpetrator", "#casualties-by-period", "#casualties-by-area",
                   "#casualties-by-category"):
        _check_chart(driver, f"figure{figure}")
    assert driver.find_elements(*_by("a[href^='/queries/']")), "the casualty charts link to no saved query"
    save_screenshot(driver, "casualties.png")
    assert_accessible(driver, "/casualties")


@pytest.mark.parametrize("path", ["/", "/documents", "/agreements", "/provisions", "/queries", "/queries/timeline",
                                  "/id/actor/russian-forces", "/id/agreement/astana",
                                  "/id/provision/rome-statute-art-8-2-e-i", "/id/place/al-atareb",
                                  "/id/claim/004-denial-russian-mod", "/id/tally/003-atareb-civilians-killed",
                                  "/scheme/grade/confirmed", "/search?q=aleppo", "/.well-known/void"])
def test_the_other_pages_are_accessible(driver, site, path):
    _open(driver, site + path)
    assert driver.find_elements(*_by("h1")), f"{path}: no h1"
    assert_accessible(driver, path)


def test_the_ontology_documentation_is_accessible(driver, site):
    """/ontology is pyLODE's page, outside the site's frame: it too has a language and readable contrast."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.get(site + "/ontology")
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete", "/ontology never loaded")
    assert driver.find_elements(*_by("h1")), "/ontology: no h1"
    assert_accessible(driver, "/ontology")


# --- the query editor ---------------------------------------------------------------------------------
_EXAMPLE_CONTROL = """
const words = /example|saved quer/i;
const labelOf = el => {
  const byFor = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
  const byAria = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
    .map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
  return [byFor && byFor.textContent, el.closest('label') && el.closest('label').textContent,
          el.getAttribute('aria-label'), byAria].filter(Boolean).join(' ');
};
for (const select of document.querySelectorAll('select')) {
  if (!select.closest('#yasgui') && words.test(labelOf(select))) return ['select', select];
}
for (const box of document.querySelectorAll('nav, section, aside, details, ul, div, fieldset')) {
  if (box.closest('#yasgui')) continue;
  const heading = box.querySelector('h2, h3, h4, summary, legend, caption');
  const name = [box.getAttribute('aria-label'), labelOf(box), heading && heading.textContent].join(' ');
  if (!words.test(name)) continue;
  const controls = [...box.querySelectorAll(
      'a.example, a[data-example], a[data-query], button, a[href*="query="], [role="button"]')]
    .filter(el => !el.closest('#yasgui'));
  if (controls.length) return ['list', controls];
}
return null;
"""


def _pick_example(driver: Any) -> str:
    """Choose a saved query among the editor's examples, found by their label; the name chosen."""
    from selenium.webdriver.support.ui import Select

    found = driver.execute_script(_EXAMPLE_CONTROL)
    assert found, "the editor offers no saved queries as examples (no control labelled 'example' or 'saved query')"
    kind, control = found
    if kind == "select":
        select = Select(control)
        options = [o for o in select.options if (o.get_attribute("value") or "").strip()]
        assert options, "the examples list is empty"
        chosen = next((o for o in options if "timeline" in (o.get_attribute("value") + o.text).lower()), options[0])
        name = chosen.text
        select.select_by_visible_text(chosen.text)
        driver.execute_script("arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", control)
        return name
    chosen = next((c for c in control if "timeline" in c.text.lower()), control[0])
    name = chosen.text
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", chosen)
    chosen.click()
    return name


def _editor_text(driver: Any) -> str:
    return driver.execute_script(
        "const cm = document.querySelector('#yasgui .CodeMirror');"
        "return cm && cm.CodeMirror ? cm.CodeMirror.getValue() : '';") or ""


def test_a_saved_query_runs_in_the_editor(driver, site):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(driver, f"{site}/sparql")
    _wait(driver, lambda d: d.find_elements(*_by("#yasgui .CodeMirror")), "YASGUI's editor did not appear in #yasgui")
    before = _editor_text(driver)
    name = _pick_example(driver)
    _wait(driver, lambda d: _editor_text(d).strip() and _editor_text(d) != before,
          f"choosing the example {name!r} did not put its query in the editor")
    assert re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", _editor_text(driver), re.I)
    buttons = [b for b in driver.find_elements(*_by("#yasgui .yasqe_queryButton")) if b.is_displayed()]
    if buttons:
        buttons[0].click()
    else:  # YASQE's own shortcut
        driver.find_element(*_by("#yasgui .CodeMirror textarea")).send_keys(Keys.CONTROL, Keys.ENTER)
        ActionChains(driver).key_up(Keys.CONTROL).perform()
    rows = _wait(driver, lambda d: d.find_elements(*_by("#yasgui .yasr table tbody tr")),
                 f"no results table with a row in YASR after running {name!r}")
    cells = [c.text.strip() for c in rows[0].find_elements(*_by("td"))]
    assert any(cells), f"the first result row of {name!r} is empty: {cells}"
    save_screenshot(driver, "editor-results.png")
    assert_accessible(driver, "/sparql with results")


def test_the_editor_works_without_javascript(site):
    """The editor's form, sent without JavaScript, gets its results as a server-side ``table#results``."""
    import httpx

    from tests.test_web_links import parse_page

    query = "SELECT ?incident WHERE { ?incident a <https://w3id.org/hisab/ontology#Incident> } LIMIT 3"
    page = httpx.get(f"{site}/sparql", params={"query": query}, headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    parsed = parse_page(page.text)
    assert "results" in parsed.ids, "no table#results in the page sent back"
    assert "/incident/" in page.text, "the results name no incident"
    assert not parsed.problems, parsed.problems


# --- search, keyboard, print --------------------------------------------------------------------------
def test_the_search_box_finds_an_incident(driver, site):
    from selenium.webdriver.common.keys import Keys

    _open(driver, f"{site}/documents")
    box = driver.find_element(*_by("header.site-header form.site-search #site-search"))
    box.send_keys("atareb")
    box.send_keys(Keys.ENTER)
    _wait(driver, lambda d: urlsplit(d.current_url).path == "/search", "the search form did not go to /search")
    assert "q=atareb" in urlsplit(driver.current_url).query
    results = _wait(driver, lambda d: d.find_elements(*_by("#search-results")), "no #search-results")
    links = [a for a in results[0].find_elements(*_by("a")) if f"/incident/{INCIDENT}" in a.get_attribute("href")]
    assert links, f"the results do not link to the incident {INCIDENT}"
    save_screenshot(driver, "search.png")
    assert_accessible(driver, "/search?q=atareb")
    links[0].click()
    _wait(driver, lambda d: urlsplit(d.current_url).path == f"/doc/incident/{INCIDENT}",
          "the result did not open the incident's page")


def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_main(driver, site):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(driver, f"{site}/doc/incident/{INCIDENT}")
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    ActionChains(driver).send_keys(Keys.TAB).perform()
    focused = driver.switch_to.active_element
    assert focused.tag_name == "a" and focused.get_attribute("href").endswith("#main"), \
        f"Tab first reaches <{focused.tag_name}> {focused.get_attribute('outerHTML')[:120]}, not the skip link"
    assert focused.is_displayed(), "the skip link stays invisible when it has the focus"
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    _wait(driver, lambda d: d.switch_to.active_element.get_attribute("id") == "main",
          "following the skip link did not move the focus to main#main", 5)
    assert urlsplit(driver.current_url).fragment == "main"


def test_print_hides_the_site_header_and_keeps_the_evidence(driver, site):
    _open(driver, f"{site}/doc/incident/{INCIDENT}")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert driver.execute_script("return matchMedia('print').matches;")
        header = driver.find_element(*_by("header.site-header"))
        display = driver.execute_script("return getComputedStyle(arguments[0]).display;", header)
        assert display == "none", f"the site header prints (display: {display})"
        passages = driver.find_elements(*_by("blockquote.evidence"))
        assert passages and all(_visible_text(p) for p in passages), "evidence passages do not print"
        save_screenshot(driver, "print-incident.png")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
