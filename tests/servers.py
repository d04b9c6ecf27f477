"""Start and stop real triple stores on 127.0.0.1 for the integration tests: the Oxigraph server
(pip package ``oxigraph``) and Virtuoso Open Source 7 (Debian package ``virtuoso-opensource-7-bin``)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 60
DirsAllowed = ., {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


@dataclass(frozen=True)
class Server:
    """URLs of a running store, and how to write to it."""

    name: str
    query: str
    update: str
    graph_store: str
    user: str | None = None
    password: str | None = None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app) -> Iterator[str]:
    """An ASGI ``app`` on a real uvicorn server in this process, on a free port of 127.0.0.1; its origin."""
    import threading

    import uvicorn

    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{instance.config.port}"
    finally:
        instance.should_exit = True
        thread.join(10)


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    probe = url + ("&" if "?" in url else "?") + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the server exited with {process.returncode}: {tail}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer at {url} within {seconds} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def oxigraph_binary() -> str | None:
    """The Oxigraph server binary: beside this Python (installed by pip) or on the PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    """An Oxigraph server on a free port, with its data in ``folder``."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the Oxigraph server is not installed: pip install oxigraph (.ci/run does)")
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("w") as out:
        process = subprocess.Popen([binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/query", process, log)
        # the saved queries read the union of the named graphs as their default graph
        yield Server("oxigraph", f"{base}/query?union-default-graph", f"{base}/update", f"{base}/store")
    finally:
        _stop(process)


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[Server]:
    """Virtuoso Open Source 7 on free ports, with a minimal ini and its database in ``folder``."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError("Virtuoso is not installed: apt-get install virtuoso-opensource-7-bin (.ci/run does)")
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
    log = folder / "stdout.log"
    with log.open("w") as out:
        process = subprocess.Popen([binary, "-c", str(ini), "+foreground"], cwd=folder, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{http_port}"
        _wait_for(f"{base}/sparql", process, folder / "virtuoso.log")
        # a new database's administrator is dba/dba; the authenticated endpoints accept writes
        yield Server("virtuoso", f"{base}/sparql", f"{base}/sparql-auth", f"{base}/sparql-graph-crud-auth",
                     user="dba", password="dba")
    finally:
        _stop(process)


@contextmanager
def both_servers(make_folder: Callable[[str], Path]) -> Iterator[dict[str, Server]]:
    """The Oxigraph server and Virtuoso, each in a folder from ``make_folder(name)``, stopped at the end."""
    with ExitStack() as stack:
        yield {
            "oxigraph": stack.enter_context(oxigraph_server(make_folder("oxigraph"))),
            "virtuoso": stack.enter_context(virtuoso_server(make_folder("virtuoso"))),
        }


def push_dataset(server: Server, run_cli: Callable[..., Any], cwd: Path, source: Path | None = None) -> None:
    """``hisab load`` the project at ``cwd`` (or the dataset file ``source``) into ``server``."""
    args = ["load", "--endpoint", server.query, "--update", server.update, "--graph-store", server.graph_store,
            "--batch-size", "700"]
    if source is not None:
        args += ["--from", str(source)]
    if server.user:
        args += ["--user", server.user, "--password", server.password]
    run = run_cli(*args, cwd=cwd)
    assert run.code == 0, f"{server.name}: {run.err}"
    assert "loaded" in run.out
