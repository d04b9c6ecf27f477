"""Benchmark ``hisab serve`` from a separate process, as clients meet it: concurrent requests on 127.0.0.1.

    python bench/bench_serve.py [--clients 32] [--requests 5000] [--seconds 30] [--memory-requests 100000]
                                [--out bench/results/serve.json]

Starts ``hisab serve`` on the project (embedded store) in its own process, waits until it answers,
then for each scenario runs ``--clients`` concurrent clients (asyncio + httpx, keep-alive) until
``--requests`` requests or ``--seconds`` have passed, whichever comes first, and records requests per
second and the p50/p99 latency. With ApacheBench (``ab``, Debian package apache2-utils) on the PATH the
load comes from it — a C client in its own process, which leaves the two cores to the server — else
from the Python client. Scenarios: the Turtle description of a thing, its JSON-LD, an incident's
HTML page (as a browser asks for it), a SPARQL SELECT through /sparql, and a saved query through
/api/queries. Then it sends ``--memory-requests``
description requests and samples the server's resident memory to show whether it stays flat. Each
figure is printed beside its target; a missed target is said so.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
#: The HTML page measured: an incident with claims, evidence passages quoted from its sources and a comparison.
INCIDENT_PAGE = "/doc/incident/khan-sheikhoun-chemical-attack-2017-04-04"
TARGETS = {  # scenario: (requests per second at least, p99 in ms at most)
    "turtle description": (1000, 50),
    "json-ld description": (None, None),
    "html page": (300, None),
    "sparql select": (None, None),
    "saved query": (200, None),
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def _run(base: str, paths: list[str], headers: dict, clients: int, requests: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    issued = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as client:
        async def worker() -> None:
            nonlocal issued, errors
            while issued < requests and time.perf_counter() < deadline:
                path = paths[issued % len(paths)]
                issued += 1
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies), "errors": errors, "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000, 2),
    }


def _ab(url: str, accept: str, requests: int, clients: int) -> dict:
    """ApacheBench (``ab``, a C client in its own process) on one URL, with keep-alive and gzip."""
    run = subprocess.run(["ab", "-q", "-k", "-n", str(requests), "-c", str(clients), "-H", f"Accept: {accept}",
                          "-H", "Accept-Encoding: gzip", url], capture_output=True, text=True, timeout=600)

    def number(pattern: str) -> float:
        match = re.search(pattern, run.stdout, re.MULTILINE)
        return float(match.group(1)) if match else float("nan")

    failed = number(r"^Failed requests:\s+(\d+)")
    non_2xx = number(r"^Non-2xx responses:\s+(\d+)")
    return {"client": "ab", "requests": requests,
            "errors": int(failed) + (0 if non_2xx != non_2xx else int(non_2xx)),
            "seconds": number(r"^Time taken for tests:\s+([\d.]+)"),
            "requests_per_second": number(r"^Requests per second:\s+([\d.]+)"),
            "p50_ms": number(r"^\s+50%\s+(\d+)"), "p99_ms": number(r"^\s+99%\s+(\d+)")}


def _things(base: str) -> list[str]:
    """Paths of incidents, actors and places to describe, asked of the server's own endpoint."""
    query = ("SELECT ?x WHERE { ?x a ?c FILTER (?c IN (<https://w3id.org/hisab/ontology#Incident>, "
             "<https://w3id.org/hisab/ontology#Actor>, <https://w3id.org/hisab/ontology#Place>)) } LIMIT 200")
    response = httpx.get(f"{base}/sparql", params={"query": query},
                         headers={"Accept": "application/sparql-results+json"}, timeout=60)
    iris = [row["x"]["value"] for row in response.json()["results"]["bindings"]]
    return ["/doc/" + iri.split("/id/", 1)[1] for iri in iris if "/id/" in iri]


def main() -> None:
    """Start the server, run the scenarios, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--memory-requests", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "serve.json")
    args = parser.parse_args()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "hisab", "serve", "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                httpx.get(base + "/", timeout=2)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    told = server.stderr.read() if server.stderr else ""
                    raise SystemExit(f"hisab serve did not start: {told}") from None
                time.sleep(0.5)
        things = _things(base)
        page = httpx.get(base + INCIDENT_PAGE, headers={"Accept": "text/html"}, timeout=60)
        if page.status_code != 200 or not page.headers.get("content-type", "").startswith("text/html"):
            raise SystemExit(f"{INCIDENT_PAGE} answers {page.status_code} {page.headers.get('content-type')}, "
                             "not an HTML page: nothing to measure")
        sparql = "/sparql?" + str(httpx.QueryParams(
            {"query": "SELECT ?s ?label WHERE { ?s a <https://w3id.org/hisab/ontology#Incident> ; "
                      "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"}))
        scenarios = {
            "turtle description": (things, {"Accept": "text/turtle"}),
            "json-ld description": (things, {"Accept": "application/ld+json"}),
            "html page": ([INCIDENT_PAGE], {"Accept": "text/html"}),
            "sparql select": ([sparql], {"Accept": "application/sparql-results+json"}),
            "saved query": (["/api/queries/timeline"], {"Accept": "application/json"}),
        }
        results = {}
        use_ab = shutil.which("ab") is not None
        for name, (paths, headers) in scenarios.items():
            asyncio.run(_run(base, paths[:5], headers, 4, 50, 10))  # warm the caches
            if use_ab:  # one URL (the first thing), from a C client that does not compete for the cores
                result = _ab(base + paths[0], headers["Accept"], args.requests * 4, args.clients)
            else:
                result = asyncio.run(_run(base, paths, headers, args.clients, args.requests, args.seconds))
            rate, p99 = TARGETS[name]
            result["target"] = {"requests_per_second": rate, "p99_ms": p99}
            result["meets_target"] = (rate is None or result["requests_per_second"] >= rate) and (
                p99 is None or result["p99_ms"] <= p99)
            results[name] = result
            print(f"{name:22} {result['requests_per_second']:8.1f} req/s  p50 {result['p50_ms']:7.2f} ms  "
                  f"p99 {result['p99_ms']:7.2f} ms  errors {result['errors']}  "
                  f"target {rate or '-'} req/s, p99 {p99 or '-'} ms: "
                  f"{'met' if result['meets_target'] else 'MISSED'}")
        # a new query each time: parsed, checked, run in a forked worker (nothing answered from memory)
        fresh = [f"{scenarios['sparql select'][0][0]}+LIMIT+{n}" for n in range(1, 401)]
        cold = asyncio.run(_run(base, fresh, {"Accept": "application/sparql-results+json"}, 8, 400, 120))
        results["sparql select, each query new"] = cold
        print(f"{'sparql, each query new':22} {cold['requests_per_second']:8.1f} req/s  p50 {cold['p50_ms']:7.2f} ms  "
              f"p99 {cold['p99_ms']:7.2f} ms  errors {cold['errors']}  (8 clients)")
        samples = [round(_rss_mb(server.pid), 1)]
        step = max(1, args.memory_requests // 10)
        for _ in range(10):
            if use_ab:
                _ab(base + things[0], "text/turtle", step, args.clients)
            else:
                asyncio.run(_run(base, things, {"Accept": "text/turtle"}, args.clients, step, 3600))
            samples.append(round(_rss_mb(server.pid), 1))
        results["memory"] = {"requests": step * 10, "rss_mb_samples": samples,
                             "growth_mb": round(samples[-1] - samples[1], 1)}
        print(f"server memory over {step * 10:,} requests (MB): {samples}")
    finally:
        server.terminate()
        server.wait(30)
    results["machine"] = {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count(),
                          "clients": args.clients}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
