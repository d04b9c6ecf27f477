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

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF

from hisab.errors import Diagnostic, InputProblems
from hisab.layout import RDF_SUFFIXES, Layout
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

_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG}
_CHECKED_NAMESPACES = (str(HISAB), str(SCHEME))
_LOCATION = re.compile(r"line (\d+)(?: between columns (\d+)| column (\d+))?")

Progress = Callable[[str], None]


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


def parse_file(path: Path, graph_name: str, *, confined: bool = False) -> ParsedFile:
    """Parse one Turtle or TriG file; triples outside a named graph go into ``graph_name``.

    The file's base IRI is ``graph_name``. With ``confined`` (data files), a named graph other than
    ``graph_name`` is an error: a data file cannot write into the ontology, the shapes or another
    file's graph.
    """
    problems = InputProblems()
    fmt = RDF_SUFFIXES.get(path.suffix)
    if fmt is None:
        problems.diagnostics.append(
            Diagnostic("error", path, f"unsupported file type '{path.suffix}'",
                       hint="use .ttl (Turtle) or .trig (TriG)")
        )
        return ParsedFile(path, [], problems)
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except OSError as exc:
        problems.diagnostics.append(Diagnostic("error", path, f"cannot read the file: {exc.strerror or exc}"))
        return ParsedFile(path, [], problems)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.diagnostics.append(
            Diagnostic("error", path, "the file is not valid UTF-8", line=line, hint="save it as UTF-8")
        )
        return ParsedFile(path, [], problems)
    target = ox.NamedNode(graph_name)
    quads: list[ox.Quad] = []
    foreign: set[str] = set()
    try:
        for q in ox.parse(raw, format=_FORMATS[fmt], base_iri=graph_name):
            if isinstance(q.graph_name, ox.DefaultGraph):
                q = ox.Quad(q.subject, q.predicate, q.object, target)
            elif confined and q.graph_name != target:
                foreign.add(q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else str(q.graph_name))
                continue
            quads.append(q)
    except SyntaxError as exc:
        line, column = _syntax_location(exc)
        problems.diagnostics.append(
            Diagnostic("error", path, f"{fmt} syntax error: {_clean(str(exc))}", line=line, column=column,
                       hint=_syntax_hint(str(exc)))
        )
        return ParsedFile(path, [], problems)
    if foreign:
        text = raw.decode("utf-8").splitlines()
        for name in sorted(foreign):
            problems.diagnostics.append(
                Diagnostic("error", path, f"the file writes into another graph, {compact(name)}; a data file may write "
                           "only its own graph", line=_first_line(text, name),
                           hint="remove the GRAPH block (TriG), or move its triples into the file's own graph")
            )
        return ParsedFile(path, [], problems)
    return ParsedFile(path, quads, problems)


def _first_line(lines: list[str], iri: str) -> int | None:
    """The first line that names ``iri`` in full or by its compact or local name."""
    needles = [iri, compact(iri), iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]]
    for needle in needles:
        for number, line in enumerate(lines, start=1):
            if needle and needle in line:
                return number
    return None


def check_terms(parsed: ParsedFile, known_terms: set[str]) -> None:
    """Add diagnostics for ill-typed literals (error) and unknown Hisab terms (warning) to ``parsed``."""
    text: list[str] | None = None

    def line_of(needle: str) -> int | None:
        nonlocal text
        if text is None:
            text = parsed.path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(text, start=1):
            if needle in line:
                return number
        return None

    reported: set[str] = set()
    for quad in parsed.quads:
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, ox.Literal):
                _check_literal(parsed, quad, term, line_of)
            elif isinstance(term, ox.NamedNode) and known_terms:
                iri = term.value
                if iri.startswith(_CHECKED_NAMESPACES) and iri not in known_terms and iri not in reported:
                    reported.add(iri)
                    local = compact(iri)
                    close = difflib.get_close_matches(iri, known_terms, n=1, cutoff=0.8)
                    hint = (f"did you mean {compact(close[0])}?" if close
                            else "define it in ontology/ or use a known term")
                    parsed.problems.diagnostics.append(
                        Diagnostic("warning", parsed.path, f"{local} is not defined by the Hisab ontology",
                                   line=line_of(local.split(":", 1)[1]), hint=hint)
                    )


def _check_literal(parsed: ParsedFile, quad: ox.Quad, term: ox.Literal, line_of: Callable[[str], int | None]) -> None:
    if term.language:
        return
    literal = Literal(term.value, datatype=URIRef(term.datatype.value))
    if literal.ill_typed:
        datatype = compact(term.datatype.value)
        parsed.problems.diagnostics.append(
            Diagnostic(
                "error", parsed.path,
                f'"{term.value}" is not a valid {datatype} (property {compact(quad.predicate.value)})',
                line=line_of(f'"{term.value}"'),
                hint=f"write a lexical form of {datatype}, or change the datatype",
            )
        )


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
    """Parse and check ``(path, graph name)`` pairs; add all of them to ``store`` only if none has an error.

    With ``data``, each file is confined to its own graph, and its statements about that graph
    (``<> …``) go into the metadata graph with the file's path (``hisab:sourceFile``).
    """
    parsed_files = []
    for path, graph_name in files:
        if progress:
            progress(str(path))
        parsed = parse_file(path, graph_name, confined=data)
        parsed.quads = _with_metadata(parsed.quads, graph_name, display(path))
        parsed_files.append(parsed)
    # codes that data files define themselves (crimes in the crime scheme) are known terms too
    known = known_terms | _typed_scheme_terms(parsed_files) if known_terms else known_terms
    for parsed in parsed_files:
        if not parsed.problems.errors:
            check_terms(parsed, known)
        problems.diagnostics.extend(parsed.problems.diagnostics)
    if problems.errors:
        return []
    names: set[str] = set()
    for parsed in parsed_files:
        store.add_quads(parsed.quads)
        names.update(q.graph_name.value for q in parsed.quads if isinstance(q.graph_name, ox.NamedNode))
    return sorted(names)


def _typed_scheme_terms(parsed_files: list[ParsedFile]) -> set[str]:
    """IRIs in the code-list namespace that the files give a type to (they define them)."""
    rdf_type = ox.NamedNode(str(RDF.type))
    return {q.subject.value for parsed in parsed_files for q in parsed.quads
            if q.predicate == rdf_type and isinstance(q.subject, ox.NamedNode)
            and q.subject.value.startswith(str(SCHEME))}


def _with_metadata(quads: list[ox.Quad], graph_name: str, source_file: str) -> list[ox.Quad]:
    """``quads`` with the statements about the graph itself moved to the metadata graph, plus the
    graph's source file."""
    graph = ox.NamedNode(graph_name)
    meta = ox.NamedNode(str(GRAPH_METADATA))
    out = [ox.Quad(q.subject, q.predicate, q.object, meta) if q.subject == graph else q for q in quads]
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
