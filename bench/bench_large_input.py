"""Benchmark one large input file: ``hisab validate FILE`` on N-Triples of a given size, as a user runs it.

    python bench/bench_large_input.py [--megabytes 200] [--out bench/results/large-input.json]

Generates an N-Triples file of about the given size in which every subject is distinct (one triple
each, a label; or ``--triples-per-subject 3``: a label, an identifier and a link), runs
``hisab validate`` on it in a subprocess, and records the wall time, the
time at which each progress line appeared (reading, validating …), the peak resident memory of the
process, and the exit status. Oxigraph parses the file into the store while Python reads it for the
checks, so memory stays bounded by the store, not by the file's parsed form.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generate(path: Path, megabytes: float, per_subject: int = 1) -> tuple[int, int]:
    """Write about ``megabytes`` of N-Triples to ``path``; return (subjects, triples)."""
    target = int(megabytes * 1024 * 1024)
    written = subjects = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            s = f"<https://example.org/thing/{subjects}>"
            lines = [f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "thing number {subjects}" .\n',
                     f'{s} <http://purl.org/dc/terms/identifier> "{subjects:012d}" .\n',
                     f"{s} <http://www.w3.org/2000/01/rdf-schema#seeAlso> <https://example.org/other/{subjects}> .\n"]
            chunk = "".join(lines[:per_subject])
            out.write(chunk)
            written += len(chunk)
            subjects += 1
    return subjects, subjects * per_subject


def measure(path: Path) -> dict:
    """Run ``hisab validate path`` and time it, with its progress lines as they came."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "hisab", "validate", str(path)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    progress = []
    assert process.stderr is not None
    for line in process.stderr:
        progress.append({"seconds": round(time.perf_counter() - started, 2), "line": line.rstrip()})
        print(f"{progress[-1]['seconds']:8.1f} s  {line.rstrip()}", file=sys.stderr)
    stdout = process.stdout.read() if process.stdout else ""
    code = process.wait()
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "exit": code,
        "verdict": stdout.strip().splitlines()[-1] if stdout.strip() else "",
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "progress": progress,
    }


def main() -> None:
    """Generate, measure, print and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=200)
    parser.add_argument("--triples-per-subject", type=int, choices=(1, 2, 3), default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "large-input.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.nt"
        subjects, triples = generate(path, args.megabytes, args.triples_per_subject)
        size = path.stat().st_size
        result = {"file_mb": round(size / 1024**2, 1), "subjects": subjects, "triples": triples, **measure(path),
                  "machine": {"python": platform.python_version(), "system": platform.platform(),
                              "cpus": __import__("os").cpu_count()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{result['file_mb']} MB, {subjects:,} subjects, {triples:,} triples: exit {result['exit']}, "
          f"{result['seconds']} s, peak {result['peak_rss_mb']} MB — {result['verdict']}")


if __name__ == "__main__":
    main()
