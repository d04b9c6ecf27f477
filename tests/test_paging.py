"""Pages of a query's answer (:mod:`hisab.paging`): which queries can be paged, the page's text, the page
number a request gives (hostile text included), the Link header; and ``hisab query --page`` reading a saved
query's whole answer page by page."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hisab.errors import HisabError
from hisab.paging import MAX_PAGE, MAX_PAGE_SIZE, Page, link_header, page_number, pageable_problem, paged_text, split

ORDERED = "PREFIX hisab: <https://w3id.org/hisab/ontology#>\nSELECT ?s WHERE { ?s hisab:count ?n } ORDER BY ?s\n"


@pytest.mark.parametrize("text, problem", [
    (ORDERED, None),
    # a LIMIT inside a subquery is the subquery's own business; the answer's order is the outer ORDER BY
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 3 } } ORDER BY ?s", None),
    ("SELECT ?s WHERE { ?s ?p ?o } # ORDER BY ?s in a comment does not count", "no ORDER BY"),
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s } }", "no ORDER BY"),
    ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s OFFSET 2", "its own OFFSET"),
    ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 2 OFFSET 1", "its own LIMIT and OFFSET"),
    ("ASK { ?s ?p ?o }", "only a SELECT query"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s", "only a SELECT query"),
    ("not a query at all", "only a SELECT query"),
])
def test_which_queries_can_be_paged(text, problem):
    found = pageable_problem(text)
    assert (found is None) if problem is None else (problem in found)
    if problem is not None:
        with pytest.raises(HisabError, match="cannot page this query"):
            paged_text(text, Page(1, 10))


def test_a_page_asks_for_one_row_more_than_it_shows():
    text = paged_text(ORDERED, Page(3, 20))
    assert text.endswith("\nLIMIT 21\nOFFSET 40\n") and text.startswith(ORDERED.rstrip())
    rows = list(range(21))
    assert split(rows, Page(3, 20)) == (list(range(20)), True)
    assert split(rows[:20], Page(3, 20)) == (list(range(20)), False)
    assert split([], Page(3, 20)) == ([], False)


@pytest.mark.parametrize("number, size", [(0, 10), (1, 0), (MAX_PAGE + 1, 10), (1, MAX_PAGE_SIZE + 1), (-1, 5)])
def test_a_page_out_of_range_is_refused(number, size):
    with pytest.raises(HisabError, match="between 1 and"):
        Page(number, size)


@given(st.text(max_size=40))
def test_any_page_number_text_is_a_page_or_a_clear_error(value):
    try:
        number = page_number(value)
    except HisabError as exc:
        assert "parameter page must be a whole number" in exc.message
    else:
        assert 1 <= number <= MAX_PAGE and str(number) == value.strip().lstrip("0")


def test_the_link_header_names_the_pages_that_exist():
    def url(n: int) -> str:
        return f"https://example.org/q?page={n}"
    assert link_header(url, Page(1, 5), True) == (
        '<https://example.org/q?page=1>; rel="first", <https://example.org/q?page=2>; rel="next"')
    assert link_header(url, Page(4, 5), False) == (
        '<https://example.org/q?page=1>; rel="first", <https://example.org/q?page=3>; rel="prev"')


def test_hisab_query_reads_a_whole_answer_page_by_page(cli):
    whole = json.loads(cli("query", "sources-per-claim", "--format", "json").out)
    assert len(whole) > 30
    pages, number = [], 1
    while True:
        run = cli("query", "sources-per-claim", "--format", "json", "--page", str(number), "--page-size", "13")
        assert run.code == 0, run.err
        rows = json.loads(run.out)
        pages += rows
        if "the last page" in run.err:
            assert 0 < len(rows) <= 13
            break
        assert len(rows) == 13 and f"the next: --page {number + 1}" in run.err
        number += 1
    assert pages == whole and number == -(-len(whole) // 13)
    past = cli("query", "sources-per-claim", "--format", "json", "--page", str(number + 2), "--page-size", "13")
    assert past.code == 0 and json.loads(past.out) == [] and "the answer ends before row" in past.err
    # the query's own page size (its header's pagination) when --page-size is not given
    first = cli("query", "sources-per-claim", "--format", "json", "--page", "1")
    assert json.loads(first.out) == whole[:500] and "rows 1-" in first.err


@pytest.mark.parametrize("args, words", [
    (["--page", "1", "--limit", "3"], "either --page or --limit"),
    (["--page-size", "3"], "--page-size goes with --page"),
    (["--page", "0"], "--page"),
    (["--page", "1", "--page-size", str(MAX_PAGE_SIZE + 1)], "--page-size"),
])
def test_hisab_query_refuses_a_bad_page(cli, args, words):
    run = cli("query", "timeline", *args)
    assert run.code == 2 and words in run.err
