"""Benchmark the pipeline: load, validate, reason and stats, on the project's data and on synthetic
data scaled up from the shape-test base world.

    python bench/bench_pipeline.py [--copies 1 10 40] [--out bench/results/pipeline.json]

Prints a table and writes JSON (seconds per stage, triples, peak memory) so runs can be compared.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from hisab.layout import find_layout
from hisab.load import load_project
from hisab.namespaces import GRAPH_ONTOLOGY, GRAPH_SHAPES
from hisab.reason import infer
from hisab.stats import collect
from hisab.store import EmbeddedStore
from hisab.validate import validate_graph

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "fixtures" / "shapes" / "base.ttl"
TEST_NS = "https://w3id.org/hisab/id/test/"


def synthetic(copies: int, folder: Path) -> list[Path]:
    """``copies`` renamed copies of the conforming base world, one file each."""
    text = BASE.read_text(encoding="utf-8")
    paths = []
    for i in range(copies):
        path = folder / f"copy-{i:04d}.ttl"
        path.write_text(text.replace(TEST_NS, f"{TEST_NS}{i}/"), encoding="utf-8")
        paths.append(path)
    return paths


def run(data_paths: list[Path] | None, label: str) -> dict:
    """Time each stage on one data set."""
    layout = find_layout(ROOT)
    store = EmbeddedStore()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    loaded = load_project(layout, store, data_paths)
    timings["load"] = time.perf_counter() - start
    data = store.union(loaded.graphs["data"])
    ontology, shapes = store.graph(str(GRAPH_ONTOLOGY)), store.graph(str(GRAPH_SHAPES))
    start = time.perf_counter()
    outcome = validate_graph(data, shapes, ontology)
    timings["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    inferred = infer(ontology, data)
    timings["reason"] = time.perf_counter() - start
    start = time.perf_counter()
    collect(store)
    timings["stats"] = time.perf_counter() - start
    return {
        "data": label,
        "data_triples": len(data),
        "inferred_triples": len(inferred),
        "conforms": outcome.conforms,
        "seconds": {k: round(v, 3) for k, v in timings.items()},
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its JSON."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 10, 40],
                        help="sizes of the synthetic data, in copies of the base world")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pipeline.json")
    args = parser.parse_args(argv)
    results = [run(None, "project data")]
    with tempfile.TemporaryDirectory() as tmp:
        for copies in args.copies:
            folder = Path(tmp) / str(copies)
            folder.mkdir()
            results.append(run(synthetic(copies, folder), f"synthetic x{copies}"))
    table = Table(title="hisab pipeline benchmark (seconds)")
    for column in ("data", "triples", "load", "validate", "reason", "stats", "peak RSS MiB"):
        table.add_column(column, justify="left" if column == "data" else "right")
    for r in results:
        s = r["seconds"]
        stages = (f"{s[k]:.2f}" for k in ("load", "validate", "reason", "stats"))
        table.add_row(r["data"], str(r["data_triples"]), *stages, str(r["peak_rss_mib"]))
    Console(width=120).print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"python": platform.python_version(), "results": results}, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
