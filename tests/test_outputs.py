"""Writing and reading built datasets: both files or neither, detectably consistent, no litter.

A tiny in-memory store with a few quads stands in for a build; ``write_outputs`` is called through
``hisab.build`` (where callers import it) and datasets are read through ``load_dataset_file`` (what
``hisab load --from`` uses) or ``hisab.outputs.read_dataset``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from hisab import build, remote
from hisab.errors import HisabError
from hisab.layout import Layout
from hisab.load import LoadResult
from hisab.store import EmbeddedStore
from hisab.validate import ValidationOutcome

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "fixtures" / "cli" / "base.ttl"
EX = "https://example.org/"


def _quads(n: int) -> list[ox.Quad]:
    return [ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(f"v{i}"), ox.NamedNode(f"{EX}g"))
            for i in range(n)]


def _store(n: int) -> EmbeddedStore:
    store = EmbeddedStore()
    store.add_quads(_quads(n))
    return store


def _result(store: EmbeddedStore, inputs: list[Path] | None = None) -> build.BuildResult:
    outcome = ValidationOutcome(conforms=True, results=[], report_graph=Graph())
    result = build.BuildResult(LoadResult(files={"data": inputs or []}), outcome)
    result.graphs = {name: store.count(name) for name in store.graph_names()}
    return result


def _write(out: Path, n: int, fmt: str = "trig", store: EmbeddedStore | None = None) -> tuple[Path, Path]:
    store = store or _store(n)
    return build.write_outputs(Layout(out.parent), store, _result(store), out, fmt)


def _manifest(out: Path) -> Path:
    return out.with_name(out.name + ".manifest.json")


def _listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.fixture
def umask():
    """A known umask (not 0o077, so that 0600 files show), restored afterwards."""
    old = os.umask(0o002)
    yield 0o002
    os.umask(old)


class _Killed(BaseException):
    """Stands for SIGKILL: nothing in the writer catches it."""


def test_both_files_get_the_users_usual_permissions(tmp_path, umask):
    out, manifest = _write(tmp_path / "dist" / "hisab.trig", 2)
    for path in (out, manifest):
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path
    assert _listing(tmp_path) == {"dist", "dist/hisab.trig", "dist/hisab.trig.manifest.json"}


def test_manifest_records_the_datasets_hash_and_size(tmp_path):
    source = tmp_path / "in.ttl"
    source.write_text("# an input\n", encoding="utf-8")
    store = _store(2)
    out, manifest_path = build.write_outputs(Layout(tmp_path), store, _result(store, [source]),
                                             tmp_path / "hisab.trig", "trig")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    data = out.read_bytes()
    assert manifest["dataset_sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["dataset_bytes"] == len(data)
    digest = hashlib.sha256(b"# an input\n").hexdigest()
    assert manifest["inputs"] == [{"kind": "data", "path": "in.ttl", "sha256": digest}]
    assert len(remote.load_dataset_file(out)) == 2


def test_a_build_killed_between_the_renames_is_refused(tmp_path, monkeypatch):
    out = tmp_path / "hisab.trig"
    _write(out, 2)
    real_replace = os.replace
    calls = []

    def replace_then_die(src, dst):
        if calls:
            raise _Killed
        calls.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_die)
    with pytest.raises(_Killed):
        _write(out, 3)
    monkeypatch.setattr(os, "replace", real_replace)
    assert calls == [out]  # the dataset was replaced, its manifest was not
    with pytest.raises(HisabError) as caught:
        remote.load_dataset_file(out)
    assert f"{out} does not match its manifest" in caught.value.message
    assert "interrupted build" in caught.value.message and "run hisab build again" in caught.value.message
    _write(out, 3)  # building again makes the pair consistent
    assert len(remote.load_dataset_file(out)) == 3


def test_sigkill_between_the_renames_is_detected_and_its_litter_removed(tmp_path):
    out = tmp_path / "hisab.trig"
    _write(out, 2)
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from tests.test_outputs import _write
        real = os.replace
        def replace(src, dst):
            real(src, dst)
            os.kill(os.getpid(), signal.SIGKILL)  # kill -9 between the two renames
        os.replace = replace
        _write(Path({str(out)!r}), 3)
    """)
    child = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    litter = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert litter and all(re.fullmatch(r"\.hisab\.trig\.manifest\.json\.\d+\.[0-9a-f]+\.tmp", n) for n in litter)
    with pytest.raises(HisabError, match="does not match its manifest"):
        remote.load_dataset_file(out)
    _write(out, 3)
    assert _listing(tmp_path) == {"hisab.trig", "hisab.trig.manifest.json"}
    assert len(remote.load_dataset_file(out)) == 3


def test_stale_temporaries_of_dead_writers_are_removed_and_nothing_else(tmp_path):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    dead = finished.pid
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = [f".hisab.trig.{dead}.0123abcd.tmp", f".hisab.trig.manifest.json.{dead}.89abcdef.tmp"]
        kept = [
            f".hisab.trig.{running.pid}.0123abcd.tmp",  # a build still writing
            ".hisab.trig.notes.tmp", f".other.trig.{dead}.0123abcd.tmp", f".hisab.trig.{dead}.0123abcd.tmp.bak",
            f"hisab.trig.{dead}.0123abcd.tmp", "hisab.trig.bak", f".hisab.trig.{dead}.tmp", "notes.txt",
        ]
        for name in stale + kept:
            (tmp_path / name).write_text("x", encoding="utf-8")
        written = []

        class Recording(EmbeddedStore):
            def dump(self, path: Path, fmt: str) -> None:
                written.append(path.name)
                super().dump(path, fmt)

        store = Recording()
        store.add_quads(_quads(1))
        _write(tmp_path / "hisab.trig", 1, store=store)
        assert _listing(tmp_path) == {*kept, "hisab.trig", "hisab.trig.manifest.json"}
        assert re.fullmatch(rf"\.hisab\.trig\.{os.getpid()}\.[0-9a-f]+\.tmp", written[0])  # the writer's pid
    finally:
        running.kill()
        running.wait()


def test_an_output_under_a_file_is_a_clear_error_and_writes_nothing(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("keep me", encoding="utf-8")
    for out in (blocker / "hisab.trig", blocker / "sub" / "hisab.trig"):
        with pytest.raises(HisabError) as caught:
            _write(out, 2)
        assert str(out) in caught.value.message and "--out" in caught.value.message
        assert "not a folder" in caught.value.message
    assert _listing(tmp_path) == {"file.txt"} and blocker.read_text(encoding="utf-8") == "keep me"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("out", ["/proc/hisab-test.trig", "/proc/hisab-test/dist/hisab.trig"])
def test_an_impossible_output_is_a_clear_error(out):
    with pytest.raises(HisabError) as caught:
        _write(Path(out), 2)
    assert out in caught.value.message and "--out" in caught.value.message
    assert not Path(out).exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not bind root")
def test_a_read_only_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    try:
        with pytest.raises(HisabError) as caught:
            _write(folder / "hisab.trig", 2)
        assert str(folder / "hisab.trig") in caught.value.message and "--out" in caught.value.message
        assert _listing(folder) == set()
    finally:
        folder.chmod(0o700)


def test_a_failed_write_leaves_no_folder_and_no_temporary_behind(tmp_path):
    class Full(EmbeddedStore):
        def dump(self, path: Path, fmt: str) -> None:
            path.write_bytes(b"partial")
            raise OSError(errno.ENOSPC, "No space left on device")

    out = tmp_path / "new" / "dist" / "hisab.trig"
    with pytest.raises(HisabError) as caught:
        _write(out, 1, store=Full())
    assert str(out) in caught.value.message and "nothing was written" in caught.value.message
    assert _listing(tmp_path) == set()
    # and a failed rebuild leaves the previous pair in place and readable
    kept = tmp_path / "hisab.trig"
    _write(kept, 2)
    before = kept.read_bytes()
    with pytest.raises(HisabError):
        _write(kept, 1, store=Full())
    assert kept.read_bytes() == before and len(remote.load_dataset_file(kept)) == 2
    assert _listing(tmp_path) == {"hisab.trig", "hisab.trig.manifest.json"}


def test_the_manifests_format_is_used_and_a_dataset_without_manifest_loads(tmp_path):
    out, manifest = _write(tmp_path / "hisab.data", 2, fmt="nquads")
    assert len(remote.load_dataset_file(out)) == 2  # N-Quads, as the manifest says, whatever the suffix
    from hisab.outputs import read_dataset

    manifest.unlink()
    elsewhere = tmp_path / "elsewhere.nq"
    shutil.copy(out, elsewhere)
    with elsewhere.open("a", encoding="utf-8") as handle:
        handle.write(f"<{EX}s9> <{EX}p> \"v9\" <{EX}g> .\n")
    assert len(read_dataset(elsewhere)) == 3  # no manifest: nothing to check, loaded as it is


def test_a_syntax_error_names_file_and_line(tmp_path, cli):
    bad = tmp_path / "bad.trig"
    bad.write_text(f"<{EX}g> {{\n  <{EX}s> <{EX}p> \"v\" .\n  <{EX}s> <{EX}p> \n}}\n", encoding="utf-8")
    with pytest.raises(HisabError) as caught:
        remote.load_dataset_file(bad)
    assert caught.value.message.startswith(f"{bad}:4:")
    run = cli("load", "--from", str(bad), "--endpoint", "http://127.0.0.1:9/query")
    assert run.code == 2 and f"{bad}:4:" in run.err and "Traceback" not in run.err


def test_build_command_reports_an_unwritable_out_without_traceback(tmp_path, cli, layout):
    project = tmp_path / "project"
    for name in ("ontology", "shapes"):
        shutil.copytree(layout.root / name, project / name)
    (project / "data").mkdir()
    shutil.copy(BASE, project / "data" / "base.ttl")
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "file.txt" / "hisab.trig"
    run = cli("build", "--force", "--out", str(out), cwd=project)
    assert run.code == 2, run.err
    assert str(out) in run.err and "--out" in run.err and "Traceback" not in run.err
