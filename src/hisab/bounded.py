"""Run work in a child process that a deadline and a memory ceiling really stop.

One job: bound a piece of work that Hisab cannot interrupt from Python — a SPARQL query inside the
Oxigraph engine, a request to an endpoint that never answers. The work runs in a forked child, which
sees the parent's in-memory store as it was (copy-on-write) and streams its results back through a
pipe in small frames. When the deadline passes, the child is killed (``SIGKILL``): its work stops
there and then, and its memory returns to the system. The child's address space is capped, so a query
that would exhaust the machine fails on its own. A consumer that stops reading early (a row limit)
stops the child too. Without ``os.fork`` (not POSIX) the work runs inline, unbounded.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hisab.errors import HisabError

Send = Callable[[Any], None]
_HEADER = struct.Struct("!Q")


@dataclass(frozen=True)
class Limits:
    """How long work may run (seconds) and how much memory it may add (bytes); None for no limit."""

    timeout: float | None = 60.0
    memory: int | None = 4 * 1024**3


class WorkStopped(HisabError):
    """The work was stopped by a limit, or failed in the child."""


def run_bounded(work: Callable[[Send], None], limits: Limits, what: str = "the query") -> Iterator[Any]:
    """Run ``work(send)`` in a child process and yield every item it sends, within ``limits``.

    A :class:`HisabError` raised by the work is raised again here with its message; the work being
    stopped by the deadline or the memory ceiling raises :class:`WorkStopped` saying which.
    """
    if not hasattr(os, "fork"):
        items: list[Any] = []
        work(items.append)
        yield from items
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(work, write_end, limits)
    os.close(write_end)
    deadline = None if limits.timeout is None else time.monotonic() + limits.timeout
    buffer = bytearray()
    finished = False
    try:
        while True:
            frame = _next_frame(read_end, buffer, deadline)
            if frame is None:  # the child ended without saying it was done
                raise WorkStopped(_death_message(pid, what, limits))
            kind, payload = pickle.loads(frame)
            if kind == "item":
                yield payload
            elif kind == "error":
                raise HisabError(payload)
            elif kind == "memory":
                raise WorkStopped(_memory_message(what, limits))
            else:
                finished = True
                return
    except _Deadline:
        raise WorkStopped(f"{what} was stopped after {limits.timeout:g} s, its time limit "
                          "(raise it with --timeout, or narrow the query)") from None
    finally:
        os.close(read_end)
        if not finished:
            _kill(pid)
        _reap(pid)


class _Deadline(Exception):
    pass


def _next_frame(fd: int, buffer: bytearray, deadline: float | None) -> bytes | None:
    while True:
        if len(buffer) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(buffer)
            if len(buffer) >= _HEADER.size + size:
                frame = bytes(buffer[_HEADER.size:_HEADER.size + size])
                del buffer[:_HEADER.size + size]
                return frame
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise _Deadline
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            raise _Deadline
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return None
        buffer.extend(chunk)


def _child(work: Callable[[Send], None], fd: int, limits: Limits) -> None:
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        quiet = os.open(os.devnull, os.O_WRONLY)  # an engine's own panic text is not for the user:
        os.dup2(quiet, 2)  # the parent reports what happened in one line
        if limits.memory is not None:
            _cap_memory(limits.memory)
        out = os.fdopen(fd, "wb", buffering=1 << 16)

        def send_frame(kind: str, payload: Any) -> None:
            data = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
            out.write(_HEADER.pack(len(data)))
            out.write(data)

        try:
            work(lambda item: send_frame("item", item))
            send_frame("done", None)
        except HisabError as exc:
            send_frame("error", exc.message)
        except MemoryError:
            send_frame("memory", None)
        except Exception as exc:  # the engine's own error: the message is what the user needs
            send_frame("error", f"{type(exc).__name__}: {exc}")
        out.flush()
    except BrokenPipeError:
        pass  # the parent stopped reading: a row limit was reached
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _cap_memory(extra: int) -> None:
    """Cap the child's address space at what it has now plus ``extra`` bytes."""
    try:
        import resource

        current = _virtual_size()
        if current is None:
            return
        limit = current + extra
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError, OverflowError):
        pass


def _virtual_size() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> int | None:
    try:
        _, status = os.waitpid(pid, 0)
        return status
    except ChildProcessError:
        return None


def _death_message(pid: int, what: str, limits: Limits) -> str:
    status = _reap(pid)
    if status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGSEGV,
                                                                               signal.SIGKILL, signal.SIGBUS):
        return _memory_message(what, limits)
    return f"{what} failed: the worker process ended unexpectedly"


def _memory_message(what: str, limits: Limits) -> str:
    size = f"{limits.memory / 1024**3:.1f} GiB" if limits.memory else "the available memory"
    return (f"{what} needed more than {size} of memory and was stopped "
            "(narrow the query, add a LIMIT, or raise --memory-limit)")
