"""``--store DIR``: Hisab never deletes, empties or overwrites a folder it did not create, two writers
never share a store, and reading a store never changes it."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from hisab.errors import HisabError
from hisab.store_folder import MARKER, StoreFolder

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its content hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _query_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / f"q-{hashlib.sha256(text.encode()).hexdigest()[:8]}.rq"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [("stats",), ("validate",), ("build", "--out", "out.trig")])
def test_a_rocksdb_folder_of_someone_else_is_never_touched(cli, small_project, tmp_path, command):
    folder = tmp_path / "leveldb"
    folder.mkdir()
    (folder / "CURRENT").write_text("MANIFEST-000001\n")  # what every LevelDB/RocksDB folder holds
    (folder / "precious.txt").write_text("keep me")
    before = _snapshot(folder)
    run = cli("--store", str(folder), *command, cwd=small_project)
    assert run.code == 2, run.err
    assert "is not a Hisab store" in run.err and "Traceback" not in run.err
    assert _snapshot(folder) == before


def test_a_new_folder_becomes_a_marked_store_that_is_rebuilt_in_place(cli, small_project, tmp_path):
    folder = tmp_path / "store"
    assert cli("--store", str(folder), "stats", cwd=small_project).code == 0
    marker = json.loads((folder / MARKER).read_text())
    assert marker["format"] == "hisab-store" and marker["version"] == 1 and marker["state"] == "complete"
    assert any(name.startswith("data/") for name in marker["inputs"])
    (folder / "notes.txt").write_text("mine")  # a user's file beside the database survives a rebuild
    assert cli("--store", str(folder), "stats", cwd=small_project).code == 0
    assert (folder / "notes.txt").read_text() == "mine"


def test_a_symlinked_store_is_a_clear_error(cli, small_project, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    for command in (("stats",), ("query", "--file", str(_query_file(tmp_path, COUNT)))):
        run = cli("--store", str(link), *command, cwd=small_project)
        assert run.code == 2 and "symbolic link" in run.err and "Traceback" not in run.err
    assert not any(real.iterdir())


def test_a_file_given_as_store_is_a_clear_error(cli, small_project, tmp_path):
    path = tmp_path / "file"
    path.write_text("not a folder")
    run = cli("--store", str(path), "stats", cwd=small_project)
    assert run.code == 2 and "Traceback" not in run.err
    assert path.read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="the superuser may write into read-only folders")
def test_a_read_only_folder_is_a_clear_error(cli, small_project, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        run = cli("--store", str(folder), "stats", cwd=small_project)
    finally:
        folder.chmod(0o755)
    assert run.code == 2 and "cannot write the store" in run.err and "Traceback" not in run.err


def _hold_for_writing(path: str, seconds: float, ready) -> None:
    folder = StoreFolder(Path(path))
    with folder.for_writing("hisab build", dict):
        ready.set()
        time.sleep(seconds)


def _holder(path: Path, seconds: float) -> multiprocessing.Process:
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    process = context.Process(target=_hold_for_writing, args=(str(path), seconds, ready))
    process.start()
    assert ready.wait(20)
    return process


def test_a_second_writer_is_refused_with_the_holders_pid(cli, small_project, tmp_path):
    folder = tmp_path / "store"
    holder = _holder(folder, 60)
    try:
        before = _snapshot(folder)
        run = cli("--store", str(folder), "build", "--out", str(tmp_path / "o.trig"), cwd=small_project)
        assert run.code == 2 and "Traceback" not in run.err
        assert f"in use by hisab process {holder.pid}" in run.err
        assert _snapshot(folder) == before
    finally:
        holder.kill()
        holder.join()


def test_a_reader_waits_for_the_writer_and_then_reads(tmp_path):
    folder = tmp_path / "store"
    holder = _holder(folder, 1.5)
    notices: list[str] = []
    with StoreFolder(folder).for_reading(wait=30, notice=notices.append) as database:
        assert database == folder / "oxigraph"
    holder.join()
    assert any(f"hisab process {holder.pid}" in n for n in notices)


def test_a_killed_build_leaves_a_store_that_readers_refuse(cli, small_project, tmp_path):
    folder = tmp_path / "store"
    holder = _holder(folder, 60)
    os.kill(holder.pid, signal.SIGKILL)
    holder.join()
    with pytest.raises(HisabError, match="was interrupted"), StoreFolder(folder).for_reading(wait=1):
        pass
    run = cli("--store", str(folder), "query", "--file", str(_query_file(tmp_path, COUNT)), cwd=small_project)
    assert run.code == 2 and "was interrupted" in run.err
    # and the next build takes the store over: the lock died with its holder
    assert cli("--store", str(folder), "stats", cwd=small_project).code == 0


def test_query_and_load_read_a_store_without_changing_it(cli, small_project, tmp_path):
    folder = tmp_path / "store"
    assert cli("--store", str(folder), "build", "--out", str(tmp_path / "o.trig"), cwd=small_project).code == 0
    before = _snapshot(folder / "oxigraph") | {MARKER: _snapshot(folder)[MARKER]}
    count = _query_file(tmp_path, COUNT)
    first = cli("--store", str(folder), "query", "--file", str(count), "--format", "json", cwd=small_project)
    assert first.code == 0, first.err
    assert first.code == 0, first.err
    assert json.loads(first.out)[0]["n"] > 1000
    drop = _query_file(tmp_path, "DROP ALL")
    refused = cli("--store", str(folder), "query", "--file", str(drop), cwd=small_project)
    assert refused.code == 2 and "update" in refused.err
    again = cli("--store", str(folder), "query", "--file", str(count), "--format", "json", cwd=small_project)
    assert json.loads(again.out) == json.loads(first.out)
    assert _snapshot(folder / "oxigraph") | {MARKER: _snapshot(folder)[MARKER]} == before


def test_a_reader_is_told_when_the_project_changed_since_the_build(cli, small_project, tmp_path):
    folder = tmp_path / "store"
    assert cli("--store", str(folder), "stats", cwd=small_project).code == 0
    data = next((small_project / "data").rglob("*.ttl"))
    data.write_text(data.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    run = cli("--store", str(folder), "query", "--file", str(_query_file(tmp_path, COUNT)), cwd=small_project)
    assert run.code == 0
    assert "built from other files" in run.err and data.name in run.err


def test_querying_a_folder_that_is_not_a_store_says_how_to_make_one(cli, small_project, tmp_path):
    run = cli("--store", str(tmp_path / "nothing"), "query", "--file", str(_query_file(tmp_path, COUNT)),
              cwd=small_project)
    assert run.code == 2 and "build" in run.err and not (tmp_path / "nothing").exists()


def test_a_folder_that_cannot_be_created_is_a_clear_error(cli, small_project):
    run = cli("--store", "/proc/hisab-store", "stats", cwd=small_project)  # not writable, even for root
    assert run.code == 2 and "cannot write the store" in run.err and "Traceback" not in run.err


def test_load_reads_the_store_without_rebuilding_it(cli, small_project, tmp_path):
    folder = tmp_path / "store"
    assert cli("--store", str(folder), "build", "--out", str(tmp_path / "o.trig"), cwd=small_project).code == 0
    before = _snapshot(folder)
    # nothing listens on port 9: the push fails, after the store was read (never rebuilt or locked for writing)
    run = cli("--store", str(folder), "load", "--endpoint", "http://127.0.0.1:9/query", cwd=small_project)
    assert run.code == 2 and "127.0.0.1:9" in run.err and "Traceback" not in run.err
    assert "building" not in run.err
    assert _snapshot(folder) == before


def test_a_store_remembers_its_inputs_hashes_until_a_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The next command on the store does not read an unchanged input file again to hash it (a million
    triples are 170 MB); a changed one, of the same size, is read and reported."""
    from hisab import layout as layout_module
    from hisab.layout import Layout, input_hashes
    from hisab.store_folder import HASHES

    monkeypatch.setattr(layout_module, "_SETTLED_NS", -10**12)  # every file counts as settled, however new
    monkeypatch.setattr(layout_module, "_HASHED", {})
    layout = Layout(tmp_path)
    data = tmp_path / "data.ttl"
    data.write_text("<a:x> <a:p> 1 .\n", encoding="utf-8")
    folder = StoreFolder(tmp_path / "store")
    with folder.for_writing("hisab build", lambda: input_hashes(layout, [data])):
        pass
    assert str(data.absolute()) in json.loads((folder.path / HASHES).read_text(encoding="utf-8"))["files"]

    monkeypatch.setattr(layout_module, "_HASHED", {})  # as in a new process
    reads: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or read_bytes(self))
    notes: list[str] = []
    with StoreFolder(folder.path).for_reading(notice=notes.append, inputs=lambda: input_hashes(layout, [data])):
        pass
    assert reads == [] and notes == []

    data.write_text("<a:x> <a:p> 2 .\n", encoding="utf-8")  # the same size
    monkeypatch.setattr(layout_module, "_HASHED", {})
    with StoreFolder(folder.path).for_reading(notice=notes.append, inputs=lambda: input_hashes(layout, [data])):
        pass
    assert reads == [data] and len(notes) == 1 and "data.ttl" in notes[0]

    (folder.path / HASHES).write_text('{"format": 1, "files": {"x": [1, 2]}, ', encoding="utf-8")  # damaged
    monkeypatch.setattr(layout_module, "_HASHED", {})
    with StoreFolder(folder.path).for_reading(notice=notes.append, inputs=lambda: input_hashes(layout, [data])):
        pass
    assert reads == [data, data]  # read again, nothing remembered from the damaged file
