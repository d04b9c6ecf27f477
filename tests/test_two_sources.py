"""Two sources that disagree about one incident: the data conforms, and contested-facts lists every
fact on which they differ, with each value's source and evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import make_project

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "cli" / "base.ttl"
SECOND = FIXTURES / "two-sources" / "second-report.ttl"


def _project(tmp_path: Path, layout, *data: Path) -> Path:
    """A copy of the project whose data is only the given files."""
    return make_project(tmp_path / "project", layout, *data)


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory, layout) -> Path:
    return _project(tmp_path_factory.mktemp("two"), layout, BASE, SECOND)


def test_two_disagreeing_sources_conform(cli, two_sources):
    run = cli("validate", cwd=two_sources)
    assert run.code == 0, run.out + run.err
    assert run.out.splitlines()[-1] == "CONFORMS: 0 violations, 0 warnings"


def test_contested_facts_lists_each_value_with_its_source(cli, two_sources):
    run = cli("query", "contested-facts", "--format", "json", cwd=two_sources)
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    dates = {(r["valueLabel"], r["documentLabel"], r["start"], r["end"]) for r in rows if r["fact"] == "date"}
    assert dates == {("2019-01-15", "First Monitor, monthly report for January 2019", 0, 200),
                     ("2019-01-16", "Second Monitor, report on Riverton", 0, 150)}
    # the place both state alike is not contested; the first source's time of day, target and second
    # kind, which the second leaves out, are not a difference either
    assert {r["fact"] for r in rows} == {"date"}
    assert all(r["thing"].endswith("/test/incident") for r in rows)


def test_one_source_alone_contests_nothing(cli, tmp_path, layout):
    alone = _project(tmp_path, layout, BASE)
    run = cli("query", "contested-facts", "--format", "json", cwd=alone)
    assert run.code == 0, run.err
    assert json.loads(run.out) == []


def test_a_coarser_date_is_not_a_difference(cli, tmp_path, layout):
    month = tmp_path / "month.ttl"
    month.write_text(SECOND.read_text(encoding="utf-8").replace(
        '"2019-01-16"^^xsd:date', '"2019-01"^^xsd:gYearMonth'), encoding="utf-8")
    project = _project(tmp_path, layout, BASE, month)
    run = cli("query", "contested-facts", "--format", "json", cwd=project)
    assert run.code == 0, run.err
    assert json.loads(run.out) == []
