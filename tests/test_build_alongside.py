"""``hisab build --reason`` validates the data on a thread of its own while it reasons, and ends as if
the two had run one after the other: the data's violations first, with no entailments left behind."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from hisab import build as build_module
from hisab.build import ValidationFailed, build
from hisab.layout import Layout
from hisab.namespaces import GRAPH_INFERRED, GRAPH_METADATA
from hisab.outputs import manifest_path_of
from hisab.store import EmbeddedStore
from hisab.validate import ValidationOutcome
from tests.conftest import copy_project


@pytest.fixture
def project(tmp_path: Path, layout: Layout) -> Path:
    """A copy of the whole project, data included, that a test may change."""
    return copy_project(tmp_path / "project", layout)


def _has_provenance(store: EmbeddedStore) -> bool:
    return bool(store.oxigraph.query(f"ASK {{ GRAPH <{GRAPH_METADATA}> {{ <{GRAPH_INFERRED}> ?p ?o }} }}"))


def test_the_data_is_validated_on_a_thread_while_the_main_one_reasons(project: Path, monkeypatch) -> None:
    seen: dict[str, list] = {"validate": [], "reason": [], "provenance": []}
    validate, reason = build_module.validate_store, build_module.compute_entailments
    reasoned = threading.Event()
    store = EmbeddedStore(None)

    def validating(*args, **kwargs):
        seen["validate"].append(threading.current_thread().name)
        reasoned.wait(60)  # the data's validation starts only once the reasoning is over
        seen["provenance"].append(_has_provenance(store))
        return validate(*args, **kwargs)

    def reasoning(*args, **kwargs):
        seen["reason"].append(threading.current_thread().name)
        try:
            return reason(*args, **kwargs)
        finally:
            reasoned.set()

    monkeypatch.setattr(build_module, "validate_store", validating)
    monkeypatch.setattr(build_module, "compute_entailments", reasoning)
    result = build(Layout(project), store, reason=True)
    main = threading.main_thread().name
    assert seen["reason"] == [main]
    # the data on the validation thread, then the data with its entailments once they exist
    assert seen["validate"][0].startswith("hisab-validate") and seen["validate"][1:] == [main]
    # the metadata graph the data's validation reads does not depend on how far the reasoning got
    assert seen["provenance"] == [False, True]
    assert result.outcome.conforms and result.inferred == store.count(str(GRAPH_INFERRED)) > 0


def test_data_that_does_not_conform_stops_a_reasoned_build_with_no_entailments_kept(project: Path,
                                                                                   tmp_path: Path) -> None:
    report = sorted((project / "data" / "reports").glob("*.ttl"))[0]
    text = report.read_text(encoding="utf-8")
    # a claim with neither claimant nor source document breaks the claim shapes
    report.write_text(text + "\n<https://w3id.org/hisab/id/claim/unsourced> a "
                      "<https://w3id.org/hisab/ontology#Attribution> .\n", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    with pytest.raises(ValidationFailed) as failed:
        build(Layout(project), store, reason=True)
    assert str(failed.value).startswith("the data does not conform")
    assert any("unsourced" in row.focus for row in failed.value.outcome.violations)
    assert store.count(str(GRAPH_INFERRED)) == 0, "the entailments computed alongside are dropped"
    assert not _has_provenance(store), "nor is their provenance kept"


@pytest.mark.parametrize("force", [False, True])
def test_a_reasoned_build_writes_while_it_validates_the_entailments_and_keeps_only_what_passes(
        project: Path, tmp_path: Path, monkeypatch, force: bool) -> None:
    """The dataset is written to a temporary while the data with its entailments is validated; if that
    validation fails the build stops and leaves no file and no folder behind, unless ``force``."""
    validate = build_module.validate_store
    out = tmp_path / "new" / "hisab.trig"
    seen: list[bool] = []

    def validating(store, graphs, *args, **kwargs):
        outcome = validate(store, graphs, *args, **kwargs)
        if str(GRAPH_INFERRED) not in graphs:
            return outcome
        for _ in range(600):  # the writer has started: its temporary is there before this returns
            if out.parent.is_dir() and any(out.parent.glob(".hisab.trig.*.tmp")):
                break
            time.sleep(0.1)
        seen.append(any(out.parent.glob(".hisab.trig.*.tmp")))
        return ValidationOutcome(conforms=False, results=outcome.results, report_graph=outcome.report_graph)

    monkeypatch.setattr(build_module, "validate_store", validating)
    store = EmbeddedStore(None)
    if force:
        result = build(Layout(project), store, reason=True, out=out, force=True)
        assert result.out == out and out.is_file() and manifest_path_of(out).is_file()
    else:
        with pytest.raises(ValidationFailed) as failed:
            build(Layout(project), store, reason=True, out=out)
        assert str(failed.value).startswith("the data with its OWL RL entailments does not conform")
        assert not out.parent.exists(), "the folder the build made for the output is removed"
    assert seen == [True]
