"""A persistent store (``--store DIR``) is brought up to date with the project by loading only what changed,
and holds then exactly what a fresh build into an empty folder holds."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from hisab.layout import Layout
from tests.conftest import copy_project, graphs_by_name, run_cli


@pytest.fixture
def project(tmp_path: Path, layout: Layout) -> Path:
    """A copy of the whole project, data included, that a test may change."""
    return copy_project(tmp_path / "project", layout)


def _build(project: Path, store: Path, out: Path, *extra: str):
    run = run_cli("--store", str(store), "build", *extra, "--out", str(out), cwd=project)
    assert run.code == 0, run.err
    return run


def _dataset(path: Path) -> dict[str, tuple[frozenset, int]]:
    """A written dataset, graph by graph (:func:`tests.conftest.graphs_by_name`)."""
    return graphs_by_name(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


def test_an_unchanged_project_is_not_loaded_again(project: Path, tmp_path: Path) -> None:
    store, first, second = tmp_path / "store", tmp_path / "first.trig", tmp_path / "second.trig"
    run = _build(project, store, first, "--reason")
    assert "loaded the whole project" in run.err
    marker = json.loads((store / "hisab-store.json").read_text(encoding="utf-8"))
    assert marker["loaded"]["reasoned"] is True and marker["loaded"]["hashes"]["data"]
    run = _build(project, store, second, "--reason")
    assert "nothing was loaded" in run.err
    assert "reasoning" not in run.err, "the entailments of the same files are kept"
    assert _dataset(first) == _dataset(second)


def test_a_changed_data_file_is_the_only_one_reloaded(project: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _build(project, store, tmp_path / "before.trig", "--reason")
    report = sorted((project / "data" / "reports").glob("*.ttl"))[0]
    text = report.read_text(encoding="utf-8")
    report.write_text(text + "\n# a comment changes the bytes, not the triples\n", encoding="utf-8")
    gone = sorted((project / "data" / "reports").glob("*.ttl"))[-1]
    gone.unlink()
    run = run_cli("--store", str(store), "build", "--reason", "--force", "--out", str(tmp_path / "after.trig"),
                  cwd=project)
    assert run.code in (0, 1), run.err
    assert f"reloaded data/reports/{report.name}" in run.err and f"removed data/reports/{gone.name}" in run.err
    fresh = run_cli("--store", str(tmp_path / "fresh"), "build", "--reason", "--force", "--out",
                    str(tmp_path / "fresh.trig"), cwd=project)
    assert fresh.code == run.code, fresh.err
    assert _dataset(tmp_path / "after.trig") == _dataset(tmp_path / "fresh.trig")
    assert not any(gone.stem in name for name in _dataset(tmp_path / "after.trig")), "the removed file's graph is gone"


def test_a_changed_shape_reloads_everything(project: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _build(project, store, tmp_path / "a.trig")
    shapes = sorted((project / "shapes").glob("*.ttl"))[0]
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    run = _build(project, store, tmp_path / "b.trig")
    assert "loaded the whole project" in run.err


def test_an_unreasoned_build_drops_the_entailments_a_store_kept(project: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _build(project, store, tmp_path / "reasoned.trig", "--reason")
    _build(project, store, tmp_path / "plain.trig")
    graphs = _dataset(tmp_path / "plain.trig")
    assert not any(name.endswith("/graph/inferred") for name in graphs)
    metadata = next(triples for name, (triples, _) in graphs.items() if name.endswith("/graph/metadata"))
    assert not any(s.value.endswith("/graph/inferred") for s, _, _ in metadata)


def test_a_run_that_failed_is_followed_by_a_whole_load(project: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _build(project, store, tmp_path / "a.trig")
    broken = project / "data" / "reports" / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    assert run_cli("--store", str(store), "build", "--out", str(tmp_path / "b.trig"), cwd=project).code == 2
    broken.unlink()
    run = _build(project, store, tmp_path / "c.trig")
    assert "loaded the whole project" in run.err
    assert _dataset(tmp_path / "a.trig") == _dataset(tmp_path / "c.trig")


def test_queries_read_the_reused_store(project: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _build(project, store, tmp_path / "a.trig")
    _build(project, store, tmp_path / "b.trig")
    run = run_cli("--store", str(store), "query", "timeline", "--format", "csv", cwd=project)
    assert run.code == 0, run.err
    assert len(run.out.splitlines()) > 5


def test_a_file_is_hashed_again_whenever_it_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """One command asks for the same files' hashes several times; a file is read once unless it changed."""
    import hashlib

    from hisab import layout as layout_module

    monkeypatch.setattr(layout_module, "_SETTLED_NS", -10**12)  # every file counts as settled, however new
    file = tmp_path / "data.ttl"
    file.write_text("<a:x> <a:p> 1 .\n", encoding="utf-8")
    layout = Layout(tmp_path)
    first = layout_module.input_hashes(layout, [file])
    assert first == {"data.ttl": hashlib.sha256(file.read_bytes()).hexdigest()}
    reads: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or read_bytes(self))
    assert layout_module.input_hashes(layout, [file]) == first and reads == []  # unchanged: not read again
    file.write_text("<a:x> <a:p> 2 .\n", encoding="utf-8")  # the same size
    assert layout_module.input_hashes(layout, [file]) == {"data.ttl": hashlib.sha256(file.read_bytes()).hexdigest()}
    assert len(reads) == 2 and layout_module.input_hashes(layout, [file]) != first
    file.unlink()
    assert layout_module.input_hashes(layout, [file]) == {"data.ttl": ""}


def test_a_file_changed_moments_ago_is_not_remembered(tmp_path: Path):
    from hisab import layout as layout_module

    file = tmp_path / "fresh.ttl"
    file.write_text("<a:x> <a:p> 1 .\n", encoding="utf-8")
    layout_module.input_hashes(Layout(tmp_path), [file])
    assert file.absolute() not in layout_module._HASHED  # its times may not show a change made within their tick
