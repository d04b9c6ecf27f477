"""Hostile input: every command over a corpus of bad inputs.

Whatever the input, the user gets exit 2 (1 when the data parses but violates the shapes), a message that
names the file (and the line, when the problem has one) or the parameter at fault, and never a traceback;
nothing is skipped silently. The bad files are small fixtures in tests/fixtures/hostile/; big and deep ones
are generated here.

A case found failing by this corpus stays in it as a regression test.
"""

from __future__ import annotations

import http.server
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import BASE_WORLD, FIXTURES, make_project

HOSTILE = FIXTURES / "hostile"
BAD = HOSTILE / "data"
VALID = HOSTILE / "valid"
QUERIES = HOSTILE / "queries"
REFUSED = "http://127.0.0.1:9/query"  # nothing listens on the discard port
REPORT = "https://w3id.org/hisab/id/test/report"  # a source document of the base world
PROVENANCE = f"<> <http://www.w3.org/ns/prov#wasDerivedFrom> <{REPORT}> .\n".encode()  # what a data file needs
DEPTH = 50_000
ILL_TYPED = 20_000


# --- running the command line -------------------------------------------------------------------------------

@dataclass
class Result:
    """One run of ``python -m hisab``."""

    code: int
    out: str
    err: str
    seconds: float

    def __str__(self) -> str:
        return (f"exit {self.code} after {self.seconds:.1f} s\n--- stdout\n{self.out[-3000:]}\n"
                f"--- stderr\n{self.err[-3000:]}")


_MEMORY_LIMITED = ("import resource, runpy, sys; limit = int(sys.argv.pop(1)); "
                   "resource.setrlimit(resource.RLIMIT_AS, (limit, limit)); sys.argv[0] = 'hisab'; "
                   "runpy.run_module('hisab', run_name='__main__', alter_sys=True)")


def hisab(*args: str | bytes | Path, cwd: Path, env: dict[str, str] | None = None, memory: int | None = None,
          timeout: float = 300) -> Result:
    """Run ``python -m hisab ARGS`` in ``cwd`` as a user would (arguments may be bytes: not UTF-8)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("HISAB_ROOT", "HISAB_DEBUG", "HISAB_SEEDS")}
    full_env.update(env or {})
    head = [sys.executable, "-c", _MEMORY_LIMITED, str(memory)] if memory else [sys.executable, "-m", "hisab"]
    started = time.monotonic()
    proc = subprocess.run([*head, *args], cwd=cwd, capture_output=True, env=full_env, timeout=timeout)
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"),
                  time.monotonic() - started)


def no_traceback(run: Result) -> None:
    """Whatever the exit status: no traceback, no internal error, no crash, no library log lines."""
    both = run.out + run.err
    assert "Traceback" not in both, run
    assert "This is a bug in hisab" not in both and run.code != 70, run
    assert "stack backtrace" not in both and "panicked" not in both, run  # a Rust panic in a parser
    assert run.code >= 0, f"killed by signal {-run.code}\n{run}"
    assert run.code < 128, f"crashed (exit {run.code})\n{run}"
    assert "RecursionError" not in both, run
    assert "Failed to convert Literal" not in both, run  # rdflib's log line for an ill-typed literal


def check(run: Result, code: int | tuple[int, ...], *names: str) -> None:
    """Exit ``code`` (or one of them), every one of ``names`` in the message, and no traceback. The message of
    an input error (2) is on stderr; a violation report (1) is on stdout."""
    no_traceback(run)
    codes = code if isinstance(code, tuple) else (code,)
    assert run.code in codes, f"expected exit {' or '.join(map(str, codes))}\n{run}"
    text = run.err if run.code == 2 else run.out + run.err
    for name in names:
        assert name in text, f"{name!r} is not in the message\n{run}"


# --- the projects -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base(tmp_path_factory, layout) -> Path:
    """A small conforming project (the base world as its only data file); tests that change it use a copy."""
    return make_project(tmp_path_factory.mktemp("hostile") / "project", layout, BASE_WORLD)


@pytest.fixture
def copy(base, tmp_path) -> Path:
    """A copy of the small project, for one test to change."""
    target = tmp_path / "project"
    shutil.copytree(base, target)
    return target


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """Big and deep inputs, written once."""
    folder = tmp_path_factory.mktemp("generated")
    nested = "[ :p " * DEPTH + ":leaf" + " ]" * DEPTH
    (folder / "deep.ttl").write_text(f"@prefix : <http://example.org/hostile/> .\n:root :p {nested} .\n",
                                     encoding="utf-8")
    (folder / "deep.trig").write_text(
        f"@prefix : <http://example.org/hostile/> .\n:graph {{ :root :p {nested} . }}\n", encoding="utf-8")
    (folder / "many-ill-typed.ttl").write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        + "".join(f'<http://example.org/hostile/s{i}> <http://example.org/hostile/n> "n{i}"^^xsd:integer .\n'
                  for i in range(ILL_TYPED)), encoding="utf-8")
    (folder / "random.ttl").write_bytes(random.Random(20170404).randbytes(4096))
    (folder / "folder.ttl").mkdir()
    return folder


def saved_query(base: Path, variable: str) -> str:
    """The name of a saved query that uses ``?variable``."""
    for path in sorted((base / "queries").glob("*.rq")):
        if re.search(rf"\?{variable}\b", path.read_text(encoding="utf-8")):
            return path.stem
    pytest.skip(f"no saved query uses ?{variable}")


# --- data files through validate PATH -----------------------------------------------------------------------

FILE_CASES = [
    # file, expected exit, words the message must hold
    pytest.param(BAD / "missing-dot.ttl", 2, ["missing-dot.ttl:6", "dot is expected"], id="turtle-missing-dot"),
    pytest.param(BAD / "unterminated-string.ttl", 2, ["unterminated-string.ttl:5"], id="turtle-unterminated-string"),
    pytest.param(BAD / "undeclared-prefix.ttl", 2, ["undeclared-prefix.ttl:5", "zz:"], id="turtle-undeclared-prefix"),
    pytest.param(BAD / "graph-shapes.trig", 2, ["graph-shapes.trig:8", "another graph"], id="trig-into-shapes-graph"),
    pytest.param(BAD / "graph-metadata.trig", 2, ["graph-metadata.trig:7", "another graph"],
                 id="trig-into-metadata-graph"),
    pytest.param(BAD / "graph-blank-node.trig", 2, ["graph-blank-node.trig:2", "another graph"],
                 id="trig-into-blank-node-graph"),
    pytest.param(BAD / "ill-integer.ttl", 2, ["ill-integer.ttl:5", '"abc" is not a valid xsd:integer'],
                 id="ill-typed-integer"),
    pytest.param(BAD / "ill-date.ttl", 2, ["ill-date.ttl:5", '"2017-02-30" is not a valid xsd:date'],
                 id="ill-typed-date"),
    pytest.param(BAD / "ill-time.ttl", 2, ["ill-time.ttl:5", '"25:00:00" is not a valid xsd:time'],
                 id="ill-typed-time"),
    pytest.param(BAD / "ill-gyearmonth.ttl", 2, ["ill-gyearmonth.ttl:5", '"2013-13" is not a valid xsd:gYearMonth'],
                 id="ill-typed-gyearmonth"),
    pytest.param(BAD / "ill-typed.jsonld", 2, ["ill-typed.jsonld", '"abc" is not a valid xsd:integer'],
                 id="ill-typed-in-jsonld"),
    pytest.param(BAD / "invalid-utf8.ttl", 2, ["invalid-utf8.ttl:5", "not valid UTF-8"], id="invalid-utf8"),
    pytest.param(BAD / "empty.ttl", 0, [], id="empty-file-is-valid"),
    pytest.param(BAD / "bom.ttl", 0, [], id="byte-order-mark-is-accepted"),
    pytest.param(BAD / "broken.jsonld", 2, ["broken.jsonld:3", "json-ld"], id="jsonld-syntax-error"),
    pytest.param(BAD / "broken.rdf", 2, ["broken.rdf", "rdf/xml"], id="rdfxml-syntax-error"),
    pytest.param(BAD / "remote-context.jsonld", 2, ["remote-context.jsonld"], id="jsonld-remote-context"),
    pytest.param(BAD / "xxe.rdf", 2, ["xxe.rdf"], id="rdfxml-external-entity"),
    pytest.param(BAD / "notes.md", 2, ["notes.md", ".md"], id="not-an-rdf-file-named-explicitly"),
    pytest.param(BAD / "no-class.ttl", 1, ["hid:test/t", "has no class"], id="parses-but-violates-shapes"),
]


@pytest.mark.parametrize("path, code, words", FILE_CASES)
def test_validate_a_hostile_file(base, path, code, words):
    run = hisab("validate", path, cwd=base)
    check(run, code, *words)
    if code != 0:
        assert "CONFORMS:" not in run.out, run  # "DOES NOT CONFORM" at most, never a pass


@pytest.mark.parametrize("name, code, words", [
    pytest.param("random.ttl", 2, ["random.ttl"], id="random-bytes"),
    pytest.param("folder.ttl", 2, ["folder.ttl"], id="directory-named-ttl"),
])
def test_validate_a_generated_file(base, generated, name, code, words):
    run = hisab("validate", generated / name, cwd=base)
    check(run, code, *words)
    assert "CONFORMS:" not in run.out, run


def test_twenty_thousand_ill_typed_literals_are_summarised(base, generated):
    run = hisab("validate", generated / "many-ill-typed.ttl", cwd=base)
    check(run, 2, "many-ill-typed.ttl:2", '"n0" is not a valid xsd:integer')
    assert run.seconds < 60, run
    assert run.err.count("is not a valid") <= 200, "every ill-typed literal is listed: the messages are not capped"
    assert re.search(r"\b\d{3,} more\b", run.err), run  # the rest are counted in one line


def test_deeply_nested_blank_nodes_validate(base, generated):
    """50,000 levels of [ :p [ :p … ] ]: valid Turtle, so it conforms; refusing it must name the file."""
    run = hisab("validate", generated / "deep.ttl", cwd=base)
    check(run, (0, 2))
    if run.code == 2:
        assert "deep.ttl" in run.err, run


def test_billion_laughs_in_rdfxml_is_refused(base):
    """An XML entity bomb (1 kB that expands to 3 GB) under a 1 GiB address-space limit."""
    run = hisab("validate", BAD / "billion-laughs.rdf", cwd=base, memory=1 << 30)
    check(run, 2, "billion-laughs.rdf")


# --- data files inside data/, through validate, build and stats --------------------------------------------

def _put(project: Path, relative: str, source: Path | bytes) -> None:
    """Put a copy of ``source`` (a file, or the bytes of one) at ``data/relative`` in ``project``."""
    target = project / "data" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(source, Path):
        shutil.copyfile(source, target)
    else:
        target.write_bytes(source)


def _syntax_error(project: Path, scratch: Path) -> None:
    _put(project, "reports/missing-dot.ttl", BAD / "missing-dot.ttl")


def _ill_typed(project: Path, scratch: Path) -> None:
    _put(project, "reports/ill-date.ttl", BAD / "ill-date.ttl")


def _foreign_graph(project: Path, scratch: Path) -> None:
    _put(project, "reports/graph-shapes.trig", BAD / "graph-shapes.trig")


def _accepted(project: Path, scratch: Path) -> None:
    _put(project, "extra/bom.ttl", (BAD / "bom.ttl").read_bytes() + PROVENANCE)  # a UTF-8 byte-order mark
    (project / "data" / "extra" / "folder.ttl").mkdir()  # a folder that only looks like a file


def _notes(project: Path, scratch: Path) -> None:
    _put(project, "notes.md", BAD / "notes.md")


def _dangling_link(project: Path, scratch: Path) -> None:
    (project / "data" / "reports" / "gone.ttl").symlink_to(project / "nowhere" / "gone.ttl")


def _linked_folder(project: Path, scratch: Path) -> None:
    outside = scratch / "outside"
    outside.mkdir()
    shutil.copyfile(BAD / "missing-dot.ttl", outside / "missing-dot.ttl")
    (project / "data" / "linked").symlink_to(outside, target_is_directory=True)


def _named(name: str) -> Callable[[Path, Path], None]:
    def place(project: Path, scratch: Path) -> None:
        _put(project, f"reports/{name}", (BAD / "bom.ttl").read_bytes() + PROVENANCE)
    return place


def _unreadable_folder(project: Path, scratch: Path) -> None:
    locked = project / "data" / "locked"
    _put(project, "locked/inside.ttl", (BAD / "bom.ttl").read_bytes() + PROVENANCE)
    locked.chmod(0)


def _broken_jsonld(project: Path, scratch: Path) -> None:
    _put(project, "extra/broken.jsonld", BAD / "broken.jsonld")


def _broken_rdfxml(project: Path, scratch: Path) -> None:
    _put(project, "extra/broken.rdf", BAD / "broken.rdf")


ROOT_READS_ALL = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root (os.geteuid() == 0): root reads every folder, so none can be made unreadable")

DATA_CASES = [
    # setup, command, expected exit, words the message must hold
    pytest.param(_syntax_error, "validate", 2, ["missing-dot.ttl:6"], id="syntax-error-validate"),
    pytest.param(_syntax_error, "build", 2, ["missing-dot.ttl:6"], id="syntax-error-build"),
    pytest.param(_syntax_error, "stats", 2, ["missing-dot.ttl:6"], id="syntax-error-stats"),
    pytest.param(_ill_typed, "build", 2, ["ill-date.ttl:5", "2017-02-30"], id="ill-typed-build"),
    pytest.param(_ill_typed, "stats", 2, ["ill-date.ttl:5", "2017-02-30"], id="ill-typed-stats"),
    pytest.param(_foreign_graph, "build", 2, ["graph-shapes.trig:8", "another graph"], id="foreign-graph-build"),
    pytest.param(_accepted, "validate", 0, ["CONFORMS"], id="bom-and-folder-named-ttl-validate"),
    pytest.param(_accepted, "build", 0, ["data/extra/bom"], id="bom-and-folder-named-ttl-build"),
    pytest.param(_accepted, "stats", 0, [], id="bom-and-folder-named-ttl-stats"),
    pytest.param(_notes, "validate", 0, ["notes.md", "not an RDF file"], id="notes-md-validate"),
    pytest.param(_notes, "build", 0, ["notes.md", "not an RDF file"], id="notes-md-build"),
    pytest.param(_notes, "stats", 0, ["notes.md", "not an RDF file"], id="notes-md-stats"),
    pytest.param(_dangling_link, "validate", (0, 2), ["gone.ttl"], id="dangling-symlink-validate"),
    pytest.param(_linked_folder, "validate", (0, 2), ["linked"], id="symlinked-folder-validate"),
    pytest.param(_named("two words.ttl"), "validate", (0, 2), ["two words.ttl"], id="space-in-file-name"),
    pytest.param(_named("100%zz.ttl"), "validate", (0, 2), ["100%zz.ttl"], id="percent-in-file-name"),
    pytest.param(_unreadable_folder, "validate", 2, ["locked"], id="unreadable-folder-validate",
                 marks=ROOT_READS_ALL),
    pytest.param(_broken_jsonld, "build", 2, ["broken.jsonld:3"], id="broken-jsonld-build"),
    pytest.param(_broken_rdfxml, "validate", 2, ["broken.rdf"], id="broken-rdfxml-validate"),
]


@pytest.mark.parametrize("setup, command, code, words", DATA_CASES)
def test_data_folder(copy, tmp_path, setup, command, code, words):
    setup(copy, tmp_path)
    out = tmp_path / "dist" / "hisab.trig"
    args = ["build", "--out", str(out)] if command == "build" else [command]
    try:
        run = hisab(*args, cwd=copy)
    finally:
        for locked in (copy / "data").glob("locked"):
            locked.chmod(0o755)  # so that the folder can be removed
    check(run, code, *words)
    if command == "build":
        assert out.exists() == (run.code == 0), run  # written when it conforms, else nothing
    if run.code == 2:
        assert "CONFORMS:" not in run.out, run


@pytest.fixture(scope="module")
def other_syntaxes(base, tmp_path_factory) -> Path:
    """The project with one valid file in each of N-Triples, N-Quads, RDF/XML and JSON-LD in data/extra/."""
    project = tmp_path_factory.mktemp("syntaxes") / "project"
    shutil.copytree(base, project)
    for path in sorted(VALID.iterdir()):
        if path.suffix != ".trig":
            _put(project, f"extra/{path.name}", path)
    return project


def test_other_syntaxes_in_data_conform(other_syntaxes):
    check(hisab("validate", cwd=other_syntaxes), 0, "CONFORMS")


def test_other_syntaxes_in_data_are_loaded(other_syntaxes):
    run = hisab("query", "--file", QUERIES / "hostile-labels.rq", "--format", "json", cwd=other_syntaxes)
    check(run, 0)
    found = {row["label"]: row["g"] for row in json.loads(run.out)}
    graph = "https://w3id.org/hisab/id/graph/data/extra/"
    assert found == {"hostile from json-ld": graph + "ld", "hostile from n-quads": graph + "quads",
                     "hostile from n-triples": graph + "triples", "hostile from rdf/xml": graph + "xml"}, run


# --- load --from --------------------------------------------------------------------------------------------

def test_load_a_deeply_nested_dataset_to_a_closed_port(base, generated):
    run = hisab("load", "--from", generated / "deep.trig", "--endpoint", REFUSED, cwd=base)
    check(run, 2, "127.0.0.1:9")
    assert re.search(r"refused|connect", run.err, re.IGNORECASE), run


def test_load_a_deeply_nested_default_graph_to_a_closed_port(base, generated):
    run = hisab("load", "--from", generated / "deep.ttl", "--endpoint", REFUSED, cwd=base)
    check(run, 2)
    assert "deep.ttl" in run.err or "127.0.0.1:9" in run.err, run



@pytest.mark.parametrize("folder, name", [
    pytest.param(None, "random.ttl", id="random-bytes"),
    pytest.param(BAD, "invalid-utf8.ttl", id="invalid-utf8"),
])
def test_load_from_a_hostile_file(base, generated, folder, name):
    path = (folder or generated) / name
    check(hisab("load", "--from", path, "--endpoint", REFUSED, cwd=base), 2, name)


# --- query parameters ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def actor_query(base) -> str:
    return saved_query(base, "_actor_iri")


@pytest.fixture(scope="module")
def date_query(base) -> str:
    return saved_query(base, "_from_xsd_date")


PARAM_CASES = [
    # which query (actor, date or a file), extra arguments, words the message must hold
    pytest.param("actor", ["--param", "nosuch=1"], ["nosuch"], id="unknown-parameter"),
    pytest.param("actor", ["--param", "actor"], ["--param", "NAME=VALUE"], id="parameter-without-value"),
    pytest.param("actor", ["--param", "actor=http://example.org/with space"], ["parameter actor"],
                 id="iri-with-space"),
    pytest.param("actor", ["--param", "actor=http://example.org/x> } ; DROP ALL ; #"], ["parameter actor"],
                 id="iri-closing-the-bracket"),
    pytest.param("actor", ["--param", "actor=" + "9" * 5000], ["parameter actor"], id="iri-of-5000-digits"),
    pytest.param("int-param.rq", ["--param", "n=" + "9" * 5000], ["parameter n"], id="integer-of-5000-digits"),
    pytest.param("int-param.rq", ["--param", "n=12abc"], ["parameter n"], id="integer-with-letters"),
    pytest.param("text-param.rq", ["--param", "text=" + "x" * 20_000], ["parameter text"], id="text-of-20000-chars"),
    pytest.param("date", ["--param", "from=2017-02-30"], ["parameter from"], id="invalid-date"),
    pytest.param("date", ["--param", "from=2017-1-5"], ["parameter from"], id="date-not-yyyy-mm-dd"),
    pytest.param("actor", ["--timeout", "abc"], ["--timeout"], id="timeout-not-a-number"),
    pytest.param("actor", ["--timeout", "nan"], ["--timeout"], id="timeout-nan"),
    pytest.param("actor", ["--timeout", "inf"], ["--timeout"], id="timeout-inf"),
    pytest.param("actor", ["--memory-limit", "99999999999999999999"], ["--memory-limit"], id="memory-limit-huge"),
]


@pytest.mark.parametrize("which, extra, words", PARAM_CASES)
def test_query_parameter(base, actor_query, date_query, which, extra, words):
    target = {"actor": [actor_query], "date": [date_query]}.get(which) or ["--file", str(QUERIES / which)]
    check(hisab("query", *target, *extra, cwd=base), 2, *words)


def test_query_parameter_not_utf8(base, actor_query):
    run = hisab("query", actor_query, "--param", b"actor=\xff\xfe", cwd=base)
    check(run, 2, "parameter actor", "UTF-8")


def test_query_name_that_is_a_path(base):
    check(hisab("query", "../../../etc/passwd", cwd=base), 2, "no saved query")


def test_a_text_parameter_cannot_end_its_string(base):
    """A newline then \\" and the rest of a query: bound as one text, returned as it was given."""
    value = 'line one\n\\" } ; DROP ALL ; SELECT * { "\t\r'
    run = hisab("query", "--file", QUERIES / "text-param.rq", "--param", f"text={value}", "--format", "json",
                cwd=base)
    check(run, 0)
    assert json.loads(run.out) == [{"text": value}], run


def test_queries_lists_every_saved_query_with_its_parameters(base, actor_query):
    run = hisab("queries", cwd=base)
    check(run, 0)
    for path in sorted((base / "queries").glob("*.rq")):
        assert path.stem in run.out, f"{path.stem} is not listed\n{run}"
    assert "actor (iri" in run.out, run


# --- query files --------------------------------------------------------------------------------------------

QUERY_FILE_CASES = [
    pytest.param("latin1.rq", ["latin1.rq"], id="not-utf8"),
    pytest.param("empty.rq", ["empty.rq"], id="empty"),
    pytest.param("syntax-error.rq", ["syntax-error.rq", "error at "], id="syntax-error"),
    pytest.param("bad-yaml-header.rq", ["bad-yaml-header.rq", "YAML"], id="header-not-yaml"),
    pytest.param("tags-not-a-list.rq", ["tags-not-a-list.rq"], id="header-tags-not-a-list"),
    pytest.param("pagination-zero.rq", ["pagination-zero.rq", "pagination must be a whole number"],
                 id="pagination-zero"),
    pytest.param("pagination-text.rq", ["pagination-text.rq", "not 'many'"], id="pagination-not-a-number"),
    pytest.param("pagination-unordered.rq", ["pagination-unordered.rq", "no ORDER BY"], id="pagination-unordered"),
    pytest.param("pagination-own-limit.rq", ["pagination-own-limit.rq", "its own LIMIT"], id="pagination-own-limit"),
    pytest.param("pagination-page-param.rq", ["pagination-page-param.rq", "parameter called page"],
                 id="pagination-page-parameter"),
]


@pytest.mark.parametrize("name, words", QUERY_FILE_CASES)
def test_query_file(base, name, words):
    check(hisab("query", "--file", QUERIES / name, cwd=base), 2, *words)


def test_query_file_that_is_a_folder(base, tmp_path):
    folder = tmp_path / "folder.rq"
    folder.mkdir()
    check(hisab("query", "--file", folder, cwd=base), 2, "folder.rq")


@pytest.mark.parametrize("name", [
    "bad-yaml-header.rq",
    pytest.param("tags-not-a-list.rq"),
    pytest.param("pagination-unordered.rq"),
])
def test_catalogue_with_a_broken_query(copy, name):
    shutil.copyfile(QUERIES / name, copy / "queries" / name)
    check(hisab("queries", cwd=copy), 2, name)


# --- where output goes: --out and --store -------------------------------------------------------------------

def test_out_under_a_regular_file(base, tmp_path):
    (tmp_path / "file.txt").write_text("a file, not a folder\n", encoding="utf-8")
    run = hisab("build", "--out", tmp_path / "file.txt" / "out.trig", cwd=base)
    check(run, 2, "file.txt")
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "a file, not a folder\n"


def test_out_under_proc(base):
    check(hisab("build", "--out", "/proc/hisab/out.trig", cwd=base), 2, "/proc/hisab")


def test_out_is_a_folder(base, tmp_path):
    check(hisab("build", "--out", tmp_path, cwd=base), 2, "--out", tmp_path.name)


def test_store_is_a_file(base, tmp_path):
    store = tmp_path / "store.txt"
    store.write_text("not a store\n", encoding="utf-8")
    check(hisab("--store", store, "stats", cwd=base), 2, "--store", "store.txt")
    assert store.read_text(encoding="utf-8") == "not a store\n"


def test_store_in_a_folder_hisab_did_not_create(base, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "keep.txt").write_text("precious\n", encoding="utf-8")
    check(hisab("--store", folder, "build", "--out", tmp_path / "dist" / "x.trig", cwd=base), 2, "mine")
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
    assert (folder / "keep.txt").read_text(encoding="utf-8") == "precious\n"


def test_store_with_a_garbage_marker(base, tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "hisab-store.json").write_text("{not json", encoding="utf-8")
    check(hisab("--store", folder, "stats", cwd=base), 2, "hisab-store.json")
    assert (folder / "hisab-store.json").read_text(encoding="utf-8") == "{not json"


@pytest.fixture(scope="module")
def built_store(base, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("store") / "store"
    run = hisab("--store", folder, "build", "--out", folder.parent / "dist" / "hisab.trig", cwd=base)
    assert run.code == 0, run
    return folder


CORRUPT = ("with a store whose oxigraph/CURRENT file is overwritten with junk, 'hisab --store DIR {}' {}")


@pytest.mark.parametrize("args", [
    pytest.param(["query", "--file", str(QUERIES / "hostile-labels.rq")], id="query"),
    pytest.param(["stats"], id="stats"),
    pytest.param(["load", "--endpoint", REFUSED], id="load"),
])
def test_corrupt_store(base, built_store, tmp_path, args):
    folder = tmp_path / "store"
    shutil.copytree(built_store, folder)
    (folder / "oxigraph" / "CURRENT").write_text("junk\n", encoding="utf-8")
    check(hisab("--store", folder, *args, cwd=base), 2, str(folder))


# --- evidence -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seeds")
    (folder / "report.txt").write_text("79 civilians were killed in the market.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("args, words", [
    pytest.param(["show", "not an iri"], ["'not an iri'", "not an IRI"], id="show-not-an-iri"),
    pytest.param(["show", "http://x/ y"], ["'http://x/ y'", "not an IRI"], id="show-iri-with-space"),
    pytest.param(["show", "https://w3id.org/hisab/id/span/nowhere/0-10"], ["span/nowhere/0-10"],
                 id="show-unknown-span"),
    pytest.param(["locate", "no-such-text.txt", "civilians"], ["no-such-text.txt"], id="locate-unknown-file"),
    pytest.param(["locate", "../../../etc/passwd", "root"], ["etc/passwd"], id="locate-path"),
])
def test_evidence(base, seeds, args, words):
    check(hisab("evidence", *args, cwd=base, env={"HISAB_SEEDS": str(seeds)}), 2, *words)


def _latin1_seed(folder: Path) -> str:
    (folder / "latin1.txt").write_bytes("caf\xe9 bombed\n".encode("latin-1"))
    return "latin1.txt"


def _folder_seed(folder: Path) -> str:
    (folder / "folder.txt").mkdir()
    return "folder.txt"


@pytest.mark.parametrize("make, command", [
    pytest.param(_latin1_seed, "locate", id="seed-not-utf8-locate"),
    pytest.param(_latin1_seed, "check", id="seed-not-utf8-check"),
    pytest.param(_folder_seed, "locate", id="seed-is-a-folder"),
])
def test_evidence_with_a_hostile_seed(base, tmp_path, make, command):
    name = make(tmp_path)
    args = ["check"] if command == "check" else ["locate", name, "bombed"]
    check(hisab("evidence", *args, cwd=base, env={"HISAB_SEEDS": str(tmp_path)}), 2, name)


# --- endpoints ----------------------------------------------------------------------------------------------

_RESULTS = "application/sparql-results+json"
ANSWERS = {
    "/html": (200, "text/html; charset=utf-8", b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>"),
    "/truncated-json": (200, _RESULTS, b'{"head": {"vars": ["s"]}, "results": {"bindings": [ {'),
    "/not-results-json": (200, _RESULTS, b'{"hello": "world"}'),
    "/json-list": (200, _RESULTS, b"[1, 2, 3]"),
    "/bad-binding": (200, _RESULTS, b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri"}}]}}'),
    "/binary": (200, _RESULTS, bytes(range(256)) * 4),
    "/status-500": (500, "text/plain", b"Internal Server Error"),
    "/bad-turtle": (200, "text/turtle", b"<a> <b> ."),
    "/slow": (200, _RESULTS, b'{"head": {"vars": []}, "results": {"bindings": []}}'),
    "/ill-typed": (200, _RESULTS, json.dumps({"head": {"vars": ["n", "d", "t"]}, "results": {"bindings": [{
        "n": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "abc"},
        "d": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#date", "value": "2017-02-30"},
        "t": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#time", "value": "25:00:00"},
    }]}}).encode()),
}


class _Endpoint(http.server.BaseHTTPRequestHandler):
    """A misbehaving SPARQL endpoint: the path says how."""

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?")[0]
        if path == "/hang-up":
            self.close_connection = True
            return
        if path == "/redirect":
            self.send_response(302)
            self.send_header("Location", REFUSED)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/slow":
            time.sleep(10)
        code, kind, body = ANSWERS.get(path, (404, "text/plain", b"no such endpoint"))
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``http://127.0.0.1:PORT`` of the misbehaving endpoint, on a free port."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


ENDPOINT_CASES = [
    # endpoint ({server} is the misbehaving one), query file, extra arguments
    pytest.param("not-a-url", "hostile-labels.rq", [], id="not-a-url"),
    pytest.param("ftp://x", "hostile-labels.rq", [], id="ftp"),
    pytest.param("{server}/html", "hostile-labels.rq", [], id="html"),
    pytest.param("{server}/truncated-json", "hostile-labels.rq", [], id="malformed-json"),
    pytest.param("{server}/not-results-json", "hostile-labels.rq", [], id="json-not-sparql-results"),
    pytest.param("{server}/json-list", "hostile-labels.rq", [], id="json-list"),
    pytest.param("{server}/bad-binding", "hostile-labels.rq", [], id="binding-without-value"),
    pytest.param("{server}/binary", "hostile-labels.rq", [], id="binary-answer"),
    pytest.param("{server}/status-500", "hostile-labels.rq", [], id="status-500"),
    pytest.param("{server}/redirect", "hostile-labels.rq", [], id="redirect"),
    pytest.param("{server}/hang-up", "hostile-labels.rq", [], id="hang-up"),
    pytest.param(REFUSED, "hostile-labels.rq", [], id="connection-refused"),
    pytest.param("{server}/html", "construct.rq", [], id="construct-html"),
    pytest.param("{server}/bad-turtle", "construct.rq", [], id="construct-bad-turtle"),
    pytest.param("http://127.0.0.1:abc/query", "hostile-labels.rq", [], id="port-not-a-number"),
]


@pytest.mark.parametrize("endpoint, query, extra", ENDPOINT_CASES)
def test_query_endpoint(base, server, endpoint, query, extra):
    url = endpoint.format(server=server)
    check(hisab("query", "--file", QUERIES / query, "--endpoint", url, *extra, cwd=base), 2, url)


def test_query_endpoint_that_never_answers(base, server):
    run = hisab("query", "--file", QUERIES / "hostile-labels.rq", "--endpoint", f"{server}/slow", "--timeout", "1",
                cwd=base)
    check(run, 2, "--timeout")
    assert run.seconds < 8, run


def test_query_endpoint_answering_ill_typed_literals(base, server):
    run = hisab("query", "--file", QUERIES / "hostile-labels.rq", "--endpoint", f"{server}/ill-typed",
                "--format", "json", cwd=base)
    check(run, 0)
    assert json.loads(run.out) == [{"n": "abc", "d": "2017-02-30", "t": "25:00:00"}], run


@pytest.mark.parametrize("args, name", [
    pytest.param(["--endpoint", "not-a-url"], "not-a-url", id="not-a-url"),
    pytest.param(["--endpoint", "{server}/html"], "{server}/html", id="html"),
    pytest.param(["--endpoint", "{server}/status-500"], "{server}/status-500", id="status-500"),
    pytest.param(["--endpoint", REFUSED], "127.0.0.1:9", id="connection-refused"),
    pytest.param(["--endpoint", REFUSED, "--update", "ftp://x"], "--update", id="update-ftp"),
])
def test_load_endpoint(base, server, args, name):
    args = [a.format(server=server) for a in args]
    run = hisab("load", "--from", VALID / "dataset.trig", *args, cwd=base)
    check(run, 2, name.format(server=server))
