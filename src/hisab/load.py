"""Read the project's RDF files into a store, with diagnostics a user can act on.

Every file is parsed with Oxigraph's parser (which reports line and column on a syntax
error), checked for ill-typed literals and for terms in the Hisab namespaces that the
ontology does not define (a typo such as ``hisab:perpetator`` is reported with the closest
known term), and only then added to the store: a file with an error adds nothing.

Graphs: the ontology goes into ``hid:graph/ontology``, the restated axioms of the reused
vocabularies into ``hid:graph/imports``, shapes into ``hid:graph/shapes``, and each data file into
its own graph named after its path (``hid:graph/data/reports/…``). A data file may write only its
own graph: any other graph name in it is an error. Its base IRI is its graph's IRI, so ``<>`` in the
file names the graph; the triples it states about ``<>`` (its provenance: ``prov:wasDerivedFrom``
the source document …) go into the metadata graph ``hid:graph/metadata``, with the file's path.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
import stat
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from hisab.errors import Diagnostic, InputProblems
from hisab.layout import RDF_SUFFIXES, Layout, other_files
from hisab.lexical import checks_datatype, lexical_problem
from hisab.namespaces import (
    GRAPH_IMPORTS,
    GRAPH_METADATA,
    GRAPH_ONTOLOGY,
    GRAPH_SHAPES,
    HISAB,
    SCHEME,
    compact,
    data_graph_name,
)
from hisab.store import Store

_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "n-triples": ox.RdfFormat.N_TRIPLES,
    "n-quads": ox.RdfFormat.N_QUADS, "rdf/xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD,
}
_CHECKED_NAMESPACES = (str(HISAB), str(SCHEME))
_SCHEME = str(SCHEME)
_RDF_TYPE = ox.NamedNode(str(RDF.type))
_TRIPLE_FORMATS = frozenset({"turtle", "n-triples", "rdf/xml"})  # formats without named graphs
_LOCATION = re.compile(r"line (\d+)(?: between columns (\d+)| column (\d+))?")
_QUOTED = re.compile(r'"""(.*?)"""|\'\'\'(.*?)\'\'\'|"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'', re.DOTALL)
_BOM = b"\xef\xbb\xbf"
_BATCH = 50_000
_MAX_LITERAL_ERRORS = 100

Progress = Callable[[str], None]
Sink = Callable[[list[ox.Quad]], None]
#: What loads a whole file of triples (path, format) into one graph by itself: :meth:`hisab.store.Store.load_file`.
DirectLoad = Callable[[Path, ox.RdfFormat], None]
#: What loads the project into a store: :func:`load_project`, or :func:`hisab.reuse.refresh_project` for a
#: persistent store.
Loader = Callable[["Layout", Store, "list[Path] | None", "Progress | None"], "LoadResult"]


@dataclass
class ParsedFile:
    """The quads of one file and the problems found in it."""

    path: Path
    quads: list[ox.Quad]
    problems: InputProblems


@dataclass
class LoadResult:
    """What a load added and the problems it found."""

    graphs: dict[str, list[str]] = field(default_factory=dict)  # kind -> graph names
    files: dict[str, list[Path]] = field(default_factory=dict)  # kind -> files
    problems: InputProblems = field(default_factory=InputProblems)
    reasoned: bool = False  # the store already holds the entailments of exactly these files (hisab.reuse)
    #: for a store brought up to date (hisab.reuse): each graph replaced or removed since its last run,
    #: with the triples it held then ({} when nothing changed; None after a full load)
    changed: dict[str, list[ox.Triple]] | None = None


@dataclass
class _Scan:
    """What reading one file found, kept small whatever the file's size."""

    path: Path
    triples: int = 0
    about_graph: list[ox.Quad] = field(default_factory=list)  # statements about the file's own graph
    bad_literals: list[tuple[str, str, str, str]] = field(default_factory=list)  # value, datatype, property, why
    more_bad_literals: int = 0
    foreign: set[str] = field(default_factory=set)
    used_terms: set[str] = field(default_factory=set)
    scheme_types: set[str] = field(default_factory=set)
    problems: InputProblems = field(default_factory=InputProblems)
    direct: bool = False  # the store loaded the file by itself (about_graph is in the file's graph too)


def _scan_file(path: Path, graph_name: str, sink: Sink, *, confined: bool, separate_about_graph: bool,
               progress: Progress | None = None, direct: DirectLoad | None = None) -> _Scan:
    """Stream one RDF file into ``sink`` in batches, checking every quad on the way.

    Triples outside a named graph go into ``graph_name``; the file's base IRI is ``graph_name``. With
    ``confined``, quads in any other named graph are an error and are not passed on. With
    ``separate_about_graph``, statements whose subject is the file's graph are kept apart (see
    :func:`load_files`). A syntax error stops the file; what was passed on before must be discarded.

    With ``direct`` (a function that loads a file of triples into the graph ``graph_name`` by itself), a
    file that can only hold triples (Turtle, N-Triples, RDF/XML) without a byte-order mark is loaded by
    ``direct`` on a thread of its own while this function reads and checks it: nothing goes to ``sink``,
    and the statements about the file's graph, though kept apart, are in the store too (``scan.direct``).
    """
    scan = _Scan(path)
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        scan.problems.diagnostics.append(Diagnostic(
            "error", path, f"unsupported file type '{path.suffix}'",
            hint="use .ttl, .trig, .nt, .nq, .rdf (RDF/XML) or .jsonld (JSON-LD)"))
        return scan
    target = ox.NamedNode(graph_name)
    try:
        handle = path.open("rb")
    except OSError as exc:
        scan.problems.diagnostics.append(Diagnostic("error", path, f"cannot read the file: {exc.strerror or exc}",
                                                    hint="check that the file exists and that you may read it"))
        return scan
    batch: list[ox.Quad] = []
    with handle:
        if not _is_regular(handle):  # a pipe or a device, which cannot be read again (for checks and line numbers)
            scan.problems.diagnostics.append(Diagnostic(
                "error", path, "not a regular file (a pipe, socket or device); Hisab reads an input file more "
                "than once", hint="save the data to a file and give that file"))
            return scan
        bom = handle.read(len(_BOM)) == _BOM
        if not bom:  # a byte-order mark is accepted and skipped
            handle.seek(0)
        if fmt == "rdf/xml" and _declares_entities(handle):
            scan.problems.diagnostics.append(Diagnostic(
                "error", path, "the RDF/XML file declares XML entities (<!ENTITY …>); Hisab does not expand them, "
                "since a few lines of entities can grow into gigabytes", hint="write the values out in full"))
            return scan
        beside = _Beside(direct, path, fmt) if direct is not None and fmt in _TRIPLE_FORMATS and not bom else None
        scan.direct = beside is not None
        check = _QuadChecks(scan)
        try:
            for quad in ox.parse(handle, format=_FORMATS[fmt], base_iri=graph_name):
                if isinstance(quad.graph_name, ox.DefaultGraph):
                    if beside is None or quad.subject == target:
                        quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
                elif quad.graph_name != target and confined:
                    name = quad.graph_name
                    scan.foreign.add(name.value if isinstance(name, ox.NamedNode) else str(name))
                    continue
                check(quad)
                if separate_about_graph and quad.subject == target:
                    scan.about_graph.append(quad)
                    continue
                scan.triples += 1
                if progress and scan.triples % (5 * _BATCH) == 0:
                    progress(f"reading {path.name}: {scan.triples:,} triples")
                if beside is None:
                    batch.append(quad)
                    if len(batch) >= _BATCH:
                        sink(batch)
                        batch = []
        except (SyntaxError, UnicodeDecodeError, ValueError) as exc:
            if beside is not None:
                beside.join()
            line, column = _syntax_location(exc) if isinstance(exc, SyntaxError) else (None, None)
            message = str(exc)
            if "utf-8" in message.lower() or isinstance(exc, UnicodeDecodeError):
                scan.problems.diagnostics.append(Diagnostic("error", path, "the file is not valid UTF-8",
                                                            line=line, column=column, hint="save it as UTF-8"))
            else:
                scan.problems.diagnostics.append(Diagnostic(
                    "error", path, f"{fmt} syntax error: {_clean(message)}", line=line, column=column,
                    hint=_syntax_hint(message)))
            return scan
        except OSError as exc:
            if beside is not None:
                beside.join()
            scan.problems.diagnostics.append(Diagnostic("error", path, f"cannot read the file: {exc.strerror or exc}"))
            return scan
    if batch:
        sink(batch)
    if beside is not None and (failure := beside.join()) is not None:
        scan.problems.diagnostics.append(Diagnostic("error", path, f"the store could not load the file: {failure}"))
    _report_scan(scan)
    return scan


class _Beside:
    """A :data:`DirectLoad` of one file, run on a thread of its own (Oxigraph parses and loads without
    holding the interpreter, so the file is checked in Python meanwhile)."""

    def __init__(self, direct: DirectLoad, path: Path, fmt: str) -> None:
        self._failure: str | None = None

        def run() -> None:
            try:
                direct(path, _FORMATS[fmt])
            except Exception as exc:  # any failure of the load must reach the user; the scan says which line
                self._failure = _clean(str(exc))

        self._thread = threading.Thread(target=run, name="hisab-load", daemon=True)
        self._thread.start()

    def join(self) -> str | None:
        """Wait for the load; what went wrong, if anything."""
        self._thread.join()
        return self._failure


def _is_regular(handle) -> bool:
    """Whether an open file is a regular file (not a pipe, a socket or a device)."""
    try:
        return stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
    except OSError:
        return False


def _declares_entities(handle) -> bool:
    """Whether an XML file's prologue (before its root element) declares entities; rewinds ``handle``."""
    start = handle.tell()
    head = handle.read(1 << 20)
    handle.seek(start)
    prologue = re.split(rb"<(?![?!])", head, maxsplit=1)[0]  # up to the first element
    return b"<!ENTITY" in prologue.upper()


class _QuadChecks:
    """The checks of every quad of one file (ill-typed literals, terms in the Hisab namespaces), with
    what repeats from quad to quad (a predicate, a datatype, the subject of consecutive quads) looked at once."""

    def __init__(self, scan: _Scan) -> None:
        self.scan = scan
        self._predicates: set[ox.NamedNode] = set()
        self._datatypes: dict[ox.NamedNode, bool] = {}
        self._subject: object = None
        self._scheme_subject = False

    def __call__(self, quad: ox.Quad) -> None:
        scan = self.scan
        obj = quad.object
        if type(obj) is ox.Literal:
            datatype = obj.datatype
            checked = self._datatypes.get(datatype)
            if checked is None:
                checked = self._datatypes[datatype] = checks_datatype(datatype.value)
            if checked and (why := lexical_problem(obj.value, datatype.value)) is not None:
                if len(scan.bad_literals) < _MAX_LITERAL_ERRORS:
                    scan.bad_literals.append((obj.value, datatype.value, quad.predicate.value, why))
                else:
                    scan.more_bad_literals += 1
        elif type(obj) is ox.NamedNode and (value := obj.value).startswith(_CHECKED_NAMESPACES):
            scan.used_terms.add(value)
        predicate = quad.predicate
        if predicate not in self._predicates:
            self._predicates.add(predicate)
            if (value := predicate.value).startswith(_CHECKED_NAMESPACES):
                scan.used_terms.add(value)
        subject = quad.subject
        if subject != self._subject:
            self._subject = subject
            self._scheme_subject = False
            if type(subject) is ox.NamedNode and (value := subject.value).startswith(_CHECKED_NAMESPACES):
                scan.used_terms.add(value)
                self._scheme_subject = value.startswith(_SCHEME)
        if self._scheme_subject and predicate == _RDF_TYPE:
            scan.scheme_types.add(subject.value)


def _report_scan(scan: _Scan) -> None:
    """Turn what the scan found into diagnostics, with lines found in one pass over the file."""
    if scan.foreign:
        lines = _Lines(scan.path)
        for name in sorted(scan.foreign):
            scan.problems.diagnostics.append(Diagnostic(
                "error", scan.path, f"the file writes into another graph, {compact(name)}; a data file may write "
                "only its own graph", line=lines.naming(name),
                hint="remove the GRAPH block, or move its triples into the file's own graph"))
    if scan.bad_literals:
        lines = _Lines(scan.path)
        for value, datatype, prop, why in scan.bad_literals:
            short = compact(datatype)
            shown = value if len(value) <= 60 else value[:60] + "…"
            scan.problems.diagnostics.append(Diagnostic(
                "error", scan.path, f'"{shown}" is not a valid {short} (property {compact(prop)}): {why}',
                line=lines.quoting(value), hint=f"write a lexical form of {short}, or change the datatype"))
        if scan.more_bad_literals:
            scan.problems.diagnostics.append(Diagnostic(
                "error", scan.path, f"and {scan.more_bad_literals} more ill-typed literals"))


class _Lines:
    """Line numbers of a file's text, found in one pass and only when a diagnostic needs them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._text: str | None = None
        self._quoted: dict[str, int] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            try:
                self._text = self.path.read_bytes().decode("utf-8", "replace")
            except OSError:
                self._text = ""
        return self._text

    def quoting(self, value: str) -> int | None:
        """The first line where ``value`` is written as a quoted string."""
        if self._quoted is None:
            self._quoted = {}
            starts = _line_starts(self.text)
            for match in _QUOTED.finditer(self.text):
                content = next(g for g in match.groups() if g is not None)
                self._quoted.setdefault(content, bisect.bisect_right(starts, match.start()))
        return self._quoted.get(value)

    def naming(self, iri: str) -> int | None:
        """The first line that names ``iri`` in full, by its compact name or by its local name."""
        lines = self.text.splitlines()
        return _first_line(lines, iri)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(match.end() for match in re.finditer("\n", text))
    return starts


def parse_file(path: Path, graph_name: str, *, confined: bool = False) -> ParsedFile:
    """Parse one RDF file into memory; triples outside a named graph go into ``graph_name``.

    The file's base IRI is ``graph_name``. With ``confined`` (data files), a named graph other than
    ``graph_name`` is an error: a data file cannot write into the ontology, the shapes or another
    file's graph. On any error the quads are empty.
    """
    quads: list[ox.Quad] = []
    scan = _scan_file(path, graph_name, quads.extend, confined=confined, separate_about_graph=False)
    return ParsedFile(path, [] if scan.problems.errors else quads, scan.problems)


def _first_line(lines: list[str], iri: str) -> int | None:
    """The first line that names ``iri`` in full or by its compact or local name."""
    needles = [iri, compact(iri), iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]]
    for needle in needles:
        for number, line in enumerate(lines, start=1):
            if needle and needle in line:
                return number
    return None


def load_files(
    store: Store,
    files: Iterable[tuple[Path, str]],
    known_terms: set[str],
    problems: InputProblems,
    progress: Progress | None = None,
    *,
    data: bool = False,
    display: Callable[[Path], str] = lambda p: p.name,
) -> list[str]:
    """Stream ``(path, graph name)`` pairs into ``store``, checking them; if any has an error, remove
    what was added and return no graph.

    Files are read in batches, so a large file never sits in memory whole; a file of triples is loaded by the
    store itself while Python checks it (:func:`_scan_file`). With ``data``, each file
    is confined to its own graph, and its statements about that graph (``<> …``) go into the
    metadata graph with the file's path (``hisab:sourceFile``).
    """
    scans: list[tuple[_Scan, str]] = []
    names: set[str] = set()

    def sink(batch: list[ox.Quad]) -> None:
        store.add_quads(batch)
        names.update(q.graph_name.value for q in batch if isinstance(q.graph_name, ox.NamedNode))

    for path, graph_name in files:
        if progress:
            progress(f"reading {path.name}")

        def direct(file: Path, fmt: ox.RdfFormat, graph_name: str = graph_name) -> None:
            names.add(graph_name)  # before loading: a load that fails half-way is taken back too
            store.load_file(file, fmt, graph_name)

        scan = _scan_file(path, graph_name, sink, confined=data, separate_about_graph=data, progress=progress,
                          direct=direct)
        if scan.direct and data and not scan.problems.errors:  # loaded with the file, they go to the metadata graph
            scan.about_graph = store.take_about(graph_name)
        scans.append((scan, graph_name))
        problems.diagnostics.extend(scan.problems.diagnostics)
    # codes that data files define themselves (crimes in the crime scheme) are known terms too
    if known_terms:
        known = known_terms.union(*(scan.scheme_types for scan, _ in scans))
        for scan, _ in scans:
            if not scan.problems.errors:
                problems.diagnostics.extend(_unknown_terms(scan, known))
    if any(scan.problems.errors for scan, _ in scans):
        for name in names:
            store.remove_graph(name)
        return []
    if data:
        metadata = []
        for scan, graph_name in scans:
            metadata.extend(_with_metadata(scan.about_graph, graph_name, display(scan.path)))
        store.add_quads(metadata)
    return sorted(names | ({str(GRAPH_METADATA)} if data and scans else set()))


def _unknown_terms(scan: _Scan, known: set[str]) -> list[Diagnostic]:
    """Warnings for terms in the Hisab namespaces that the ontology does not define."""
    unknown = sorted(scan.used_terms - known)
    if not unknown:
        return []
    lines = _Lines(scan.path).text.splitlines()
    out = []
    for iri in unknown:
        local = compact(iri)
        close = difflib.get_close_matches(iri, known, n=1, cutoff=0.8)
        hint = f"did you mean {compact(close[0])}?" if close else "define it in ontology/ or use a known term"
        out.append(Diagnostic("warning", scan.path, f"{local} is not defined by the Hisab ontology",
                              line=_first_line(lines, iri), hint=hint))
    return out


def _with_metadata(about_graph: list[ox.Quad], graph_name: str, source_file: str) -> list[ox.Quad]:
    """The statements about the graph itself, in the metadata graph, plus the graph's source file."""
    graph = ox.NamedNode(graph_name)
    meta = ox.NamedNode(str(GRAPH_METADATA))
    out = [ox.Quad(q.subject, q.predicate, q.object, meta) for q in about_graph]
    out.append(ox.Quad(graph, ox.NamedNode(str(HISAB.sourceFile)), ox.Literal(source_file), meta))
    out.append(ox.Quad(graph, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PROV.Entity)), meta))
    return out


def known_terms_of(store: Store) -> set[str]:
    """IRIs the ontology (already in ``store``) defines in the Hisab namespaces."""
    result = store.query(
        "SELECT DISTINCT ?s WHERE { GRAPH ?onto { ?s ?p ?o } FILTER(isIRI(?s)) }",
        {"onto": URIRef(GRAPH_ONTOLOGY)},
    )
    return {str(row[0]) for row in result if str(row[0]).startswith(_CHECKED_NAMESPACES)}


def load_project(
    layout: Layout,
    store: Store,
    data_paths: list[Path] | None = None,
    progress: Progress | None = None,
) -> LoadResult:
    """Load the ontology, the shapes and the data (default: all of ``data/``) into ``store``.

    Raises :class:`hisab.errors.HisabError` (exit 2) if any file has an error; then the
    data files add nothing to the store.
    """
    result = LoadResult()
    onto_files = layout.ontology_files()
    import_files = layout.import_files()
    shape_files = layout.shape_files()
    data_files = layout.data_files() if data_paths is None else data_paths
    result.files = {"ontology": onto_files, "imports": import_files, "shapes": shape_files, "data": data_files}
    folders = [layout.ontology_dir, layout.shapes_dir] + ([layout.data_dir] if data_paths is None else [])
    for folder in folders:
        for path in other_files(folder):
            result.problems.diagnostics.append(Diagnostic(
                "warning", path, f"not an RDF file (suffix '{path.suffix}'); it was left out",
                hint=f"RDF files end in {', '.join(RDF_SUFFIXES)}; move other files out of {folder.name}/"))
    display = layout.display
    result.graphs["ontology"] = load_files(
        store, [(p, str(GRAPH_ONTOLOGY)) for p in onto_files], set(), result.problems, progress, display=display
    )
    result.graphs["imports"] = load_files(
        store, [(p, str(GRAPH_IMPORTS)) for p in import_files], set(), result.problems, progress, display=display
    )
    result.graphs["shapes"] = load_files(
        store, [(p, str(GRAPH_SHAPES)) for p in shape_files], set(), result.problems, progress, display=display
    )
    result.problems.raise_if_errors()
    known = known_terms_of(store)
    result.graphs["data"] = load_files(
        store, [(p, data_graph_name(layout.relative(p))) for p in data_files], known, result.problems, progress,
        data=True, display=display,
    )
    result.problems.raise_if_errors()
    return result


def _syntax_location(exc: SyntaxError) -> tuple[int | None, int | None]:
    if getattr(exc, "lineno", None):
        return exc.lineno, exc.offset
    match = _LOCATION.search(str(exc))
    if not match:
        return None, None
    column = match.group(2) or match.group(3)
    return int(match.group(1)), int(column) if column else None


def _clean(message: str) -> str:
    message = re.sub(r"^Parser error at line \d+ (between columns \d+ and \d+|column \d+): ", "", message)
    return re.sub(r" \(line \d+\)$", "", message)


def _syntax_hint(message: str) -> str | None:
    if "prefix" in message and "not been declared" in message:
        return "add an @prefix declaration for it at the top of the file, or fix its spelling"
    if "dot is expected" in message:
        return "end the statement before this line with ' .'"
    return None
