"""The ``hisab`` command line: build, validate, stats, evidence."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import click
from rdflib import URIRef
from rich.console import Console
from rich.table import Table

from hisab import __version__
from hisab.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_VIOLATIONS, HisabError
from hisab.layout import Layout, find_layout, input_hashes, rdf_files
from hisab.namespaces import GRAPH_INFERRED as GRAPH_INFERRED_IRI
from hisab.paging import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE, Page, paged_text, split
from hisab.progress import stages
from hisab.report import FORMATS as REPORT_FORMATS
from hisab.results import FORMATS as RESULT_FORMATS
from hisab.results import GRAPH_FORMATS
from hisab.store import EmbeddedStore
from hisab.store_folder import StoreFolder

err = Console(stderr=True, highlight=False)
ANSWER_FORMATS = (*RESULT_FORMATS, *GRAPH_FORMATS)
console = Console(highlight=False, soft_wrap=True)
if not console.is_terminal:  # piped or captured: do not squeeze tables into 80 columns
    console = Console(highlight=False, soft_wrap=True, width=160)


class _Context:
    def __init__(self, store_dir: Path | None, quiet: bool = False) -> None:
        self.store_dir = store_dir
        self.quiet = quiet
        self.loaded_files: dict[str, list[Path]] = {}
        self.folder: StoreFolder | None = None

    def loader(self, layout: Layout, store: EmbeddedStore, data_paths: list[Path] | None, progress=None):
        """Load the project into ``store``; into a ``--store`` folder, only what changed since its last run
        (:mod:`hisab.reuse`), saying what was reused."""
        from hisab.reuse import refresh_project

        previous = self.folder.previous if self.folder is not None else None
        loaded, refresh = refresh_project(layout, store, data_paths, previous, progress=progress)
        if self.folder is not None and not self.quiet:
            err.print(f"{self.store_dir}: {refresh.describe()}", style="dim", markup=False, soft_wrap=True)
        self.loaded_files = loaded.files
        return loaded

    def incremental(self):
        """With ``--store DIR``: validate through the folder's validation view (:mod:`hisab.incremental`),
        checking only what changed since the folder's last run."""
        from hisab.build import Incremental

        if self.folder is None or self.store_dir is None:
            return None
        previous = self.folder.previous.get("hashes") if isinstance(self.folder.previous, dict) else None

        def notice(text: str) -> None:
            if not self.quiet:
                err.print(f"{self.store_dir}: {text}", style="dim", markup=False, soft_wrap=True)

        return Incremental(self.store_dir, previous, notice)

    def completed(self, loaded) -> None:
        """Record, for the next run on the ``--store`` folder, what this run left in it."""
        from hisab.reuse import record

        self.loaded_files = loaded.files
        if self.folder is not None:
            self.folder.record = record(self.layout, loaded, reasoned=loaded.reasoned)

    @property
    def layout(self) -> Layout:
        return find_layout()

    @contextmanager
    def store(self, command: str) -> Iterator[EmbeddedStore]:
        """A store to load the project into: in memory, or the ``--store`` folder, locked for writing (only
        ever a folder Hisab created: see :mod:`hisab.store_folder`) and brought up to date by :meth:`loader`."""
        if self.store_dir is None:
            store = EmbeddedStore()
            try:
                yield store
            finally:
                store.close()
            return
        layout = self.layout
        folder = StoreFolder(self.store_dir)

        def inputs() -> dict[str, str]:
            return input_hashes(layout, [p for files in self.loaded_files.values() for p in files])

        with folder.for_writing(f"hisab {command}", inputs) as database:
            store = EmbeddedStore(database)
            self.folder = folder
            try:
                yield store  # loaded by self.loader: only what changed since the folder's last run
                store.settle()
            finally:
                store.close()

    @contextmanager
    def read_store(self) -> Iterator[Path]:
        """The ``--store`` folder's database, share-locked for reading (never written)."""
        assert self.store_dir is not None
        layout = self.layout
        folder = StoreFolder(self.store_dir)
        with folder.for_reading(notice=lambda text: err.print(f"[yellow]note:[/yellow] {text}", markup=True),
                                inputs=lambda: input_hashes(layout, layout.all_files())) as database:
            yield database


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hisab")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the embedded Oxigraph store on disk in this folder (default: in memory). build, validate, "
                   "stats and evidence (re)load the project into it; query and load only read it. Hisab only ever "
                   "writes a new or empty folder, or one it created.")
@click.option("--quiet", "-q", is_flag=True, help="Show no progress (for CI logs); warnings, errors and results are "
              "still printed.")
@click.pass_context
def cli(ctx: click.Context, store_dir: Path | None, quiet: bool) -> None:
    """Hisab: a knowledge graph of conflict incidents, the actors behind them and the legal norms they breach.

    \b
    Examples:
      hisab build --reason --out dist/hisab.trig
      hisab validate
      hisab validate --format junit > shacl-report.xml
      hisab stats
    """
    ctx.obj = _Context(store_dir, quiet)


@cli.command()
@click.option("--reason", is_flag=True, help="Run OWL RL reasoning; entailments go into the graph hid:graph/inferred.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("dist/hisab.trig"),
              show_default=True, help="Where to write the dataset; a manifest is written beside it.")
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads"]), default=None,
              help="Serialisation (default: from the file suffix, .nq → nquads, else trig).")
@click.option("--force", is_flag=True, help="Write the dataset even if validation finds violations.")
@click.option("--endpoint", help="Reason and validate inside this SPARQL 1.1 store instead (it holds the dataset, "
              "pushed with 'hisab load'): the rules run there as SPARQL Update; nothing is written here.")
@click.option("--update", "update_url", help="With --endpoint: its SPARQL 1.1 Update URL (default: --endpoint).")
@click.option("--user", help="With --endpoint: user for writing (HTTP digest or basic authentication).")
@click.option("--password", envvar="HISAB_ENDPOINT_PASSWORD", help="Password (or $HISAB_ENDPOINT_PASSWORD).")
@click.pass_obj
def build(obj: _Context, reason: bool, out: Path, fmt: str | None, force: bool, endpoint: str | None,
          update_url: str | None, user: str | None, password: str | None) -> None:
    """Load the ontology, shapes and data, validate, optionally reason, and write the dataset.

    Nothing is written if a file cannot be read (exit 2) or the data does not conform (exit 1),
    unless --force.

    \b
    Example:
      hisab build --reason --out dist/hisab.trig
      hisab build --reason --endpoint http://127.0.0.1:7878/query --update http://127.0.0.1:7878/update
    """
    from hisab.build import build as run_build

    if endpoint is not None:
        _build_remote(obj, _remote(endpoint, update_url, user, password), reason)
        return
    fmt = fmt or ("nquads" if out.suffix in (".nq", ".nquads") else "trig")
    with obj.store("build") as store, stages(err, "building", quiet=obj.quiet) as stage:
        result = run_build(obj.layout, store, reason=reason, out=out, fmt=fmt, force=force, stage=stage,
                           loader=obj.loader, incremental=obj.incremental())
        obj.completed(result.loaded)
    _print_warnings(result.loaded)
    table = Table(title="graphs written", show_lines=False)
    table.add_column("graph")
    table.add_column("triples", justify="right")
    for name, count in result.graphs.items():
        table.add_row(name, str(count))
    console.print(table)
    from hisab.report import verdict

    console.print(verdict(result.outcome))
    console.print(f"wrote {result.out} and {result.manifest}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text",
              show_default=True, help="Report format. turtle is the standard SHACL validation report.")
@click.option("--with-reference", is_flag=True,
              help="Also load data/reference/ when validating the given files (for a new report file).")
@click.option("--reason", is_flag=True,
              help="Validate the data together with its OWL RL entailments (asserted + inferred triples).")
@click.option("--endpoint", help="Validate the dataset held by this SPARQL 1.1 store (pushed with 'hisab load'); "
              "every constraint runs there as one SELECT.")
@click.pass_obj
def validate(obj: _Context, paths: tuple[Path, ...], fmt: str, with_reference: bool, reason: bool,
             endpoint: str | None) -> None:
    """Validate data files (default: all of data/) against the ontology and the SHACL shapes.

    Exit status: 0 conforms (warnings allowed), 1 violations, 2 the input could not be read.

    \b
    Examples:
      hisab validate
      hisab validate data/reports/my-report.ttl --with-reference
      hisab validate --format junit > shacl.xml
      hisab validate --reason
      hisab validate --endpoint http://127.0.0.1:7878/query
    """
    from hisab.build import load_and_validate
    from hisab.report import render

    layout = obj.layout
    if endpoint is not None:
        if paths or with_reference:
            raise HisabError("--endpoint validates the dataset the store holds; give no files with it")
        from hisab.remote_checks import validate_remote

        with stages(err, "validating", quiet=obj.quiet) as stage:
            stage(f"validating inside {endpoint}")
            outcome = validate_remote(_remote(endpoint), _project_shapes(layout), reasoned=reason)
        sys.stdout.write(render(outcome, fmt))
        sys.exit(EXIT_OK if outcome.conforms else EXIT_VIOLATIONS)
    data_paths = None
    if paths:
        data_paths = rdf_files(list(paths), require=True)
        if with_reference:
            data_paths = sorted(set(data_paths) | set(rdf_files([layout.data_dir / "reference"])))
    with obj.store("validate") as store, stages(err, "validating", quiet=obj.quiet) as stage:
        loaded, outcome = load_and_validate(layout, store, data_paths, stage=stage, reasoned=reason,
                                            loader=obj.loader, incremental=obj.incremental())
        if not reason:
            _keep_entailments_out(store, loaded)
        obj.completed(loaded)
    _print_warnings(loaded)
    sys.stdout.write(render(outcome, fmt))
    sys.exit(EXIT_OK if outcome.conforms else EXIT_VIOLATIONS)


def _remote(endpoint: str, update_url: str | None = None, user: str | None = None, password: str | None = None):
    """The remote store at ``endpoint`` (its URLs checked)."""
    from hisab.remote import Credentials, RemoteStore

    endpoint = _endpoint_url(endpoint)
    if update_url is not None:
        _endpoint_url(update_url, "--update")
    return RemoteStore(endpoint, update_url, None, Credentials(user, password or "") if user else None)


def _project_shapes(layout: Layout):
    """The project's shapes graph (the same checks the embedded store runs)."""
    from hisab.load import load_project
    from hisab.namespaces import GRAPH_SHAPES

    store = EmbeddedStore()
    try:
        load_project(layout, store, data_paths=[])
        return store.graph(str(GRAPH_SHAPES))
    finally:
        store.close()


def _build_remote(obj: _Context, remote, reason: bool) -> None:
    """``hisab build --endpoint``: the rules and the shapes run inside the remote store."""
    from hisab.remote_checks import reason_remote, validate_remote
    from hisab.report import verdict

    with stages(err, "building", quiet=obj.quiet) as stage:
        if reason:
            stage(f"reasoning inside {remote.endpoint}")
            count = reason_remote(remote, progress=stage)
        stage(f"validating inside {remote.endpoint}")
        outcome = validate_remote(remote, _project_shapes(obj.layout), reasoned=reason)
    if reason:
        console.print(f"{count} entailments in <{GRAPH_INFERRED_IRI}> at {remote.endpoint}")
    console.print(verdict(outcome))
    sys.exit(EXIT_OK if outcome.conforms else EXIT_VIOLATIONS)


def _keep_entailments_out(store: EmbeddedStore, loaded) -> None:
    """A persistent store holds what the last command asked for: one that kept the entailments of a reasoned
    build drops them when the command at hand does not reason (counts are of what the sources state)."""
    if loaded.reasoned:
        from hisab.build import drop_entailments

        drop_entailments(store)
        loaded.reasoned = False


def _print_warnings(loaded) -> None:
    """The loader's warnings (files left out, unknown terms), on stderr."""
    for diagnostic in loaded.problems.warnings:
        print(diagnostic.render(), file=sys.stderr)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def stats(obj: _Context, fmt: str) -> None:
    """Counts of incidents, actors, tallies and claims, per source document and in all.

    \b
    Example:
      hisab stats --format json
    """
    from hisab.stats import COLUMNS, collect

    with obj.store("stats") as store:
        loaded = obj.loader(obj.layout, store, None)
        _keep_entailments_out(store, loaded)
        obj.completed(loaded)
        result = collect(store)
    _print_warnings(loaded)
    if fmt == "json":
        sys.stdout.write(json.dumps({"per_source": result.per_source, "totals": result.totals}, indent=2) + "\n")
        return
    table = Table(title="claims per source document")
    table.add_column("source")
    columns = (*COLUMNS, "actors")
    for column in columns:
        table.add_column(column.replace("_", " "), justify="right")
    for row in result.per_source:
        table.add_row(row["file"] or row["document"], *(str(row[c]) for c in columns))
    console.print(table)
    totals = Table(title="totals")
    totals.add_column("kind")
    totals.add_column("count", justify="right")
    for kind, n in sorted(result.totals.items()):
        totals.add_row(kind, str(n))
    console.print(totals)


@cli.command("queries")
@click.pass_obj
def list_queries(obj: _Context) -> None:
    """List the saved queries: name, summary and parameters.

    \b
    Example:
      hisab queries
    """
    from hisab.queries import load_catalogue

    table = Table(title="saved queries (queries/*.rq)")
    table.add_column("name")
    table.add_column("summary")
    table.add_column("parameters")
    for name, query in load_catalogue(obj.layout.queries_dir).items():
        params = [p.describe() + (f" = {query.defaults[p.variable]}" if p.variable in query.defaults else "")
                  for p in query.params]
        table.add_row(name, query.summary, "\n".join(params) or "-")
    console.print(table)


@cli.command("query")
@click.argument("name", required=False)
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Run this .rq file instead of a saved query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value; IRIs may be short names such as actor:russian-forces. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(ANSWER_FORMATS), default=None,
              help="table, csv, tsv, json or sparql-json for SELECT and ASK (default: table); turtle, ntriples "
                   "or jsonld for CONSTRUCT and DESCRIBE (default: turtle).")
@click.option("--limit", type=click.IntRange(min=0), help="Stop after this many rows (or triples): the query "
              "stops working there too.")
@click.option("--page", type=click.IntRange(min=1, max=MAX_PAGE), metavar="N",
              help="Print page N of the answer (1 for the first), in the query's ORDER BY: as many rows as the "
                   "query's header paginates by (#+ pagination), else --page-size.")
@click.option("--page-size", type=click.IntRange(min=1, max=MAX_PAGE_SIZE), metavar="ROWS",
              help=f"Rows per page with --page (default: the query's pagination, else {DEFAULT_PAGE_SIZE}).")
@click.option("--endpoint", help="Run the query on this SPARQL 1.1 endpoint instead of the embedded store.")
@click.option("--timeout", type=click.FloatRange(min=0, max=7 * 24 * 3600, min_open=True), default=60.0,
              show_default=True, callback=lambda ctx, param, value: _finite(param, value),
              help="Seconds after which the query is stopped (on an endpoint: Hisab stops waiting and "
                   "drops the connection).")
@click.option("--memory-limit", type=click.IntRange(min=64, max=1024**3), default=4096, show_default=True,
              metavar="MIB",
              help="Memory (MiB) the query may use beyond the loaded store before it is stopped.")
@click.option("--allow-service", multiple=True, metavar="IRI",
              help="Allow SERVICE calls to this endpoint IRI (federated queries are refused otherwise). Repeatable.")
@click.pass_obj
def run_query(obj: _Context, name: str | None, file: Path | None, params: tuple[str, ...], fmt: str | None,
              limit: int | None, page: int | None, page_size: int | None, endpoint: str | None, timeout: float,
              memory_limit: int, allow_service: tuple[str, ...]) -> None:
    """Run a saved query (or --file) on the project's data and print its answer.

    Only queries run: an update (INSERT, DELETE, DROP, LOAD …) is refused before anything is sent, and so
    is a SERVICE call to an endpoint not allowed with --allow-service. FROM and FROM NAMED are honoured;
    without them the default graph is the union of all graphs. With --store, the store built by
    'hisab --store DIR build' is opened read-only and not rebuilt.

    \b
    Examples:
      hisab query civilian-deaths-by-perpetrator
      hisab query incidents-attributed-to-actor --param actor=actor:russian-forces --format csv
      hisab query --file my-question.rq --format json --timeout 10
      hisab query --file describe.rq --format jsonld
      hisab query timeline --endpoint http://127.0.0.1:7878/query
      hisab --store .hisab-store query timeline
      hisab --store .hisab-store query timeline --page 2
    """
    from hisab.answer import Embedded, Endpoint, answer
    from hisab.bounded import Limits
    from hisab.load import load_project
    from hisab.queries import bind, load_catalogue, parse_query_file

    layout = obj.layout
    if (name is None) == (file is None):
        raise HisabError("give either a saved query's NAME or --file FILE (see 'hisab queries')")
    if file is not None:
        query = parse_query_file(file)
    else:
        catalogue = load_catalogue(layout.queries_dir)
        if name not in catalogue:
            raise HisabError(f"no saved query {name!r}; 'hisab queries' lists them")
        query = catalogue[name]
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise HisabError(f"--param {item!r}: write NAME=VALUE")
        values[key.strip()] = value
    text, _ = bind(query, values)
    paging = None
    if page_size is not None and page is None:
        raise HisabError("--page-size goes with --page N (which page to print)")
    if page is not None:
        if limit is not None:
            raise HisabError("give either --page or --limit, not both")
        paging = Page(page, page_size or query.pagination or DEFAULT_PAGE_SIZE)
        text = paged_text(text, paging)
    origin = str(file) if file is not None else f"query {query.name}"
    from hisab.query_policy import check_query

    check_query(text, allow_service=allow_service, origin=origin)  # refuse before loading anything
    limits = Limits(timeout=timeout, memory=memory_limit * 1024**2)
    run = dict(limits=limits, limit=limit, allow_service=allow_service, origin=origin)
    if endpoint:
        result = answer(Endpoint(_endpoint_url(endpoint)), text, **run)
    elif obj.store_dir is not None:
        with obj.read_store() as database:
            result = answer(Embedded(path=database), text, **run)
    else:
        store = EmbeddedStore()
        try:
            load_project(layout, store)
            result = answer(Embedded(store=store.oxigraph), text, **run)
        finally:
            store.close()
    if paging is None or result.kind != "select":
        _print_answer(result, query.name, fmt)
        return
    rows, more = split(result.rows, paging)
    _print_answer(replace(result, rows=rows), f"{query.name}, page {paging.number}", fmt)
    first = paging.offset + 1
    if rows:
        said = f"rows {first}-{paging.offset + len(rows)}; " + (
            f"the next: --page {paging.number + 1}" if more else "the last page")
    else:
        said = f"no rows: the answer ends before row {first:,}" if paging.number > 1 else "no rows"
    err.print(f"[dim]page {paging.number} ({said})[/dim]")


def _print_answer(result, title: str, fmt: str | None) -> None:
    from hisab.results import Rows, as_ask, as_delimited, as_graph, as_json, as_sparql_json, readable

    if result.kind == "graph":
        fmt = fmt or "turtle"
        if fmt not in GRAPH_FORMATS:
            raise HisabError(f"a CONSTRUCT or DESCRIBE answer is a graph: use --format {', '.join(GRAPH_FORMATS)}")
        sys.stdout.write(as_graph(result.triples, fmt))
    elif fmt in GRAPH_FORMATS:
        raise HisabError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; a {result.kind.upper()} answer is "
                         f"{'a table' if result.kind == 'select' else 'true or false'}: use --format "
                         + ", ".join(RESULT_FORMATS))
    elif result.kind == "ask":
        if (fmt or "table") == "table":
            console.print(f"{title}: {'true' if result.boolean else 'false'}")
        else:
            sys.stdout.write(as_ask(bool(result.boolean), fmt))
    else:
        rows = Rows(result.variables, result.rows)
        fmt = fmt or "table"
        if fmt == "table":
            count = len(rows.rows)
            table = Table(title=f"{title}: {count}{'+' if result.truncated else ''} row{'s' if count != 1 else ''}")
            for variable in rows.variables:
                table.add_column(variable)
            for row in rows.rows:
                table.add_row(*(readable(t) for t in row))
            console.print(table)
        elif fmt in ("csv", "tsv"):
            sys.stdout.write(as_delimited(rows, "," if fmt == "csv" else "\t"))
        elif fmt == "json":
            sys.stdout.write(as_json(rows))
        else:
            sys.stdout.write(as_sparql_json(rows))
    if result.truncated:
        err.print(f"[dim]stopped at the limit; the query has more {'triples' if result.kind == 'graph' else 'rows'}"
                  "[/dim]")


def _finite(param: click.Parameter, value: float) -> float:
    """``value`` if it is a finite number (click's ranges let NaN through)."""
    if value != value:  # NaN
        raise click.BadParameter("must be a number of seconds, not NaN", param=param)
    return value


def _endpoint_url(url: str, option: str = "--endpoint") -> str:
    """``url`` if it is an http(s) URL with a valid host and port; Hisab talks to endpoints over HTTP only."""
    from urllib.parse import urlsplit

    problem = None
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", url):
        problem = "is not an http:// or https:// URL"
    else:
        try:
            parts = urlsplit(url)
            _ = parts.port  # raises on a port that is not a number or out of range
            if not parts.hostname:
                problem = "has no host"
        except ValueError as exc:
            problem = f"is not a valid URL ({exc})"
    if problem:
        raise HisabError(f"{option} {url!r} {problem}; give the URL of a SPARQL endpoint, "
                         "e.g. http://127.0.0.1:7878/query")
    return url


@cli.command("load")
@click.option("--endpoint", required=True, help="SPARQL 1.1 query endpoint of the target store.")
@click.option("--update", "update_url", help="SPARQL 1.1 Update endpoint (default: the query endpoint).")
@click.option("--graph-store", "graph_store", help="SPARQL 1.1 Graph Store Protocol endpoint; used instead of Update.")
@click.option("--from", "source", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A dataset written by 'hisab build' (default: build it now, in memory).")
@click.option("--reason", is_flag=True, help="When building now, include the OWL RL entailments.")
@click.option("--user", help="User for writing (HTTP digest or basic authentication).")
@click.option("--password", envvar="HISAB_ENDPOINT_PASSWORD", help="Password (or $HISAB_ENDPOINT_PASSWORD).")
@click.option("--batch-size", type=click.IntRange(min=1), default=2000, show_default=True)
@click.pass_obj
def load_remote(obj: _Context, endpoint: str, update_url: str | None, graph_store: str | None, source: Path | None,
                reason: bool, user: str | None, password: str | None, batch_size: int) -> None:
    """Push the dataset, with its named graphs, to a SPARQL 1.1 store.

    Each named graph is replaced, then filled in batches (Graph Store Protocol if given, else
    SPARQL Update); the triple count of every graph is read back and compared with what was sent.

    \b
    Examples:
      hisab load --endpoint http://127.0.0.1:7878/query --update http://127.0.0.1:7878/update \\
                 --graph-store http://127.0.0.1:7878/store
      hisab load --from dist/hisab.trig --endpoint http://127.0.0.1:8890/sparql \\
                 --update http://127.0.0.1:8890/sparql-auth --user dba --password dba
    """
    import pyoxigraph as ox
    from rich.progress import Progress

    from hisab.remote import Credentials, RemoteStore, load_dataset_file

    endpoint = _endpoint_url(endpoint)
    for option, url in (("--update", update_url), ("--graph-store", graph_store)):
        if url is not None:
            _endpoint_url(url, option)
    if source is not None:
        quads = load_dataset_file(source)
    elif obj.store_dir is not None:  # the store built by 'hisab --store DIR build', read, never written
        with obj.read_store() as database:
            reader = EmbeddedStore(database, read_only=True)
            try:
                quads = list(reader.quads())
            finally:
                reader.close()
    else:
        from hisab.build import build as run_build

        with obj.store("load") as store, stages(err, "building", quiet=obj.quiet) as stage:
            built = run_build(obj.layout, store, reason=reason, out=None, stage=stage, loader=obj.loader)
            obj.completed(built.loaded)
            quads = list(store.quads())
    outside = sum(1 for q in quads if not isinstance(q.graph_name, ox.NamedNode))
    if outside:
        raise HisabError(f"{source or 'the dataset'} holds {outside} triples outside any named graph; hisab load "
                         "pushes named graphs (a dataset written by hisab build has only named graphs)")
    if not quads:
        raise HisabError(f"{source or 'the dataset'} holds no triples; there is nothing to load")
    remote = RemoteStore(endpoint, update_url, graph_store, Credentials(user, password or "") if user else None)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("loading", total=len(quads))
        kept = remote.load(quads, batch_size=batch_size,
                           progress=lambda done, total: progress.update(task, completed=done))
    console.print(f"loaded {sum(kept.values())} triples into {len(kept)} graphs at {endpoint}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--base", default="https://w3id.org/hisab/", show_default=True,
              help="The canonical base of the graph's IRIs; the server's own address stands for it.")
@click.option("--endpoint", help="Serve from this SPARQL 1.1 endpoint instead of the embedded store.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (each opens the store).")
@click.option("--query-timeout", type=click.FloatRange(min=0.1, max=3600), default=30.0, show_default=True,
              help="Seconds after which a SPARQL query is stopped.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows (or triples) a SPARQL answer holds; a cut answer says so in its headers.")
@click.option("--reason", is_flag=True, help="Serve the OWL RL entailments too (embedded store loaded now).")
@click.option("--force", is_flag=True, help="Serve even if the data does not conform.")
@click.pass_obj
def serve(obj: _Context, host: str, port: int, base: str, endpoint: str | None, workers: int, query_timeout: float,
          max_rows: int, reason: bool, force: bool) -> None:
    """Publish the graph as Linked Data: dereferenceable URIs and a read-only SPARQL endpoint.

    The store is loaded and validated once at start-up (or, with --store DIR, the store built by
    'hisab --store DIR build' is opened read-only; with --endpoint, a remote store answers).
    /id/… answers 303 to /doc/…, which negotiates Turtle, JSON-LD, N-Triples, RDF/XML, TriG or HTML;
    /sparql is the SPARQL 1.1 endpoint: read-only, local, with a time limit that stops the work.

    \b
    Examples:
      hisab serve
      hisab --store .hisab-store serve --port 8080 --workers 2
      curl -L -H 'Accept: text/turtle' http://127.0.0.1:8000/id/incident/al-atareb-market-2017-11-13
    """
    from hisab.web.server import ServeConfig, run

    if endpoint is not None:
        endpoint = _endpoint_url(endpoint)
    if not re.fullmatch(r"https?://[^\s<>\"]+/", base):
        raise HisabError(f"--base {base!r} must be an http(s) IRI ending in '/'")
    config = ServeConfig(host=host, port=port, base=base, store=str(obj.store_dir) if obj.store_dir else None,
                         endpoint=endpoint, workers=workers, query_timeout=query_timeout, max_rows=max_rows,
                         reason=reason, force=force)
    try:
        run(config, notice=lambda text: err.print(text, markup=False, highlight=False))
    except OSError as exc:
        raise HisabError(f"cannot serve on {host}:{port} ({exc.strerror or exc}); is the port in use?") from exc


@cli.group()
def evidence() -> None:
    """Resolve and check evidence spans against the source texts (../shared/seeds or $HISAB_SEEDS)."""


@evidence.command("check")
@click.pass_obj
def evidence_check(obj: _Context) -> None:
    """Check that every evidence span resolves: the text exists, its SHA-256 matches, the offsets fit.

    \b
    Example:
      hisab evidence check
    """
    from hisab.evidence import Seeds, resolve_spans

    layout = obj.layout
    with obj.store("evidence check") as store:
        loaded = obj.loader(layout, store, None)
        obj.completed(loaded)
        reports = resolve_spans(store, Seeds(layout.seeds_dir))
    seeds = Seeds(layout.seeds_dir)
    for name, why in sorted(seeds.unreadable().items()):
        print(f"{seeds.folder / name}: warning: the source text {why}", file=sys.stderr)
    bad = [r for r in reports if r.problem]
    for report in bad:
        print(f"{report.span}: {report.problem}", file=sys.stderr)
    console.print(f"{len(reports) - len(bad)} of {len(reports)} evidence spans resolve")
    sys.exit(EXIT_OK if not bad else EXIT_VIOLATIONS)


@evidence.command("show")
@click.argument("span")
@click.pass_obj
def evidence_show(obj: _Context, span: str) -> None:
    """Print the passage an evidence span points at.

    \b
    Example:
      hisab evidence show https://w3id.org/hisab/id/span/snhr-2017-11-al-atareb/1290-1420
    """
    from hisab.evidence import Seeds, resolve_spans

    layout = obj.layout
    iri = span.strip()
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]+", iri):
        raise HisabError(f"{span!r} is not an IRI; give the span's full IRI, "
                         "e.g. https://w3id.org/hisab/id/span/snhr-2017-11-al-atareb/1290-1420")
    with obj.store("evidence show") as store:
        loaded = obj.loader(layout, store, None)
        obj.completed(loaded)
        reports = resolve_spans(store, Seeds(layout.seeds_dir), URIRef(iri))
    if not reports:
        raise HisabError(f"no evidence span {span} in the data")
    for report in reports:
        if report.problem:
            raise HisabError(f"{span}: {report.problem}")
        console.print(f"[bold]{report.file_name}[/bold] [{report.start}:{report.end}]")
        console.print(report.text, markup=False)


@evidence.command("locate")
@click.argument("file_name")
@click.argument("passage")
@click.pass_obj
def evidence_locate(obj: _Context, file_name: str, passage: str) -> None:
    """Print the offsets of PASSAGE in the source text FILE_NAME, for writing an evidence span.

    \b
    Example:
      hisab evidence locate 003_40c18af2d2edad8b.txt "79 civilians"
    """
    from hisab.evidence import Seeds, locate

    seeds = Seeds(obj.layout.seeds_dir)
    seeds.require()
    seed = seeds.get(file_name)
    hits = locate(seed.text, passage)
    if not hits:
        raise HisabError(f"the passage does not occur in {file_name}")
    console.print(f"sha256 {seed.sha256}")
    for start, end in hits:
        console.print(f"{start} {end}")


@cli.command("synth")
@click.option("--incidents", type=click.IntRange(min=1), required=True, metavar="N",
              help="How many synthetic incidents (1 or more); the world around them grows with them.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random choices: the same N, "
              "seed and rate give the same bytes.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar="FILE",
              help="Where to write the data: FILE.nt (N-Triples) or FILE.ttl (Turtle); the defect list goes to "
                   "FILE.defects.json. Missing folders are created.")
@click.option("--defects", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True, metavar="RATE",
              help="Share of deliberate defects, 0 to 1: about RATE × N, and one of every kind when RATE > 0 and N "
                   "is large enough.")
def synth(incidents: int, seed: int, out: Path, defects: float) -> None:
    """Write a synthetic, obviously made-up data set in the project's model, for benchmarks and tests.

    With --defects 0 it conforms (hisab validate FILE: no result at all); with --defects RATE > 0, FILE.defects.json
    lists every validation result the injected defects must draw.

    \b
    Examples:
      hisab synth --incidents 1000 --out bench/synthetic-1000.nt
      hisab synth --incidents 200 --seed 7 --defects 0.1 --out broken.ttl
    """
    from rich.progress import Progress

    from hisab.synth import data_graph_of, synthesize

    with Progress(console=err, transient=True, disable=incidents < 2000) as bar:
        task = bar.add_task("generating incidents", total=incidents)
        synthetic = synthesize(incidents, seed, defects,
                               progress=lambda done, total: bar.update(task, completed=done))
        summary = synthetic.write(out, graph=data_graph_of(out))
    console.print(summary.line(), markup=False, highlight=False)


def main() -> None:
    """Entry point: run the CLI, turning every input error into a message and exit status 2."""
    _quiet_libraries()
    try:
        cli.main(standalone_mode=False)
    except HisabError as exc:
        print(exc.render(), file=sys.stderr)  # unwrapped, so paths and file:line stay whole
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        err.print("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_INPUT)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except RecursionError:
        print("error: the input is nested too deeply to process (a structure thousands of levels deep); "
              "flatten it", file=sys.stderr)
        sys.exit(EXIT_INPUT)
    except MemoryError:
        print("error: the input needs more memory than this machine has; give a smaller input", file=sys.stderr)
        sys.exit(EXIT_INPUT)
    except Exception as exc:  # a bug: say so in one line, without a traceback unless asked
        if os.environ.get("HISAB_DEBUG"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc}\n"
              "This is a bug in hisab: please report it with the command you ran "
              "(HISAB_DEBUG=1 shows the details).", file=sys.stderr)
        sys.exit(EXIT_INTERNAL)


def _quiet_libraries() -> None:
    """Keep libraries' logged tracebacks (rdflib logs one per ill-typed literal) away from the user:
    Hisab reports those problems itself, with file and line."""
    for name in ("rdflib", "rdflib.term", "pyshacl", "owlrl"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
