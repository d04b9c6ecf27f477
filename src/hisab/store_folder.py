"""A store folder on disk that Hisab owns: its marker, its lock and its state.

One job: decide whether Hisab may write, or read, a ``--store`` folder, and keep two processes from
using it in ways that corrupt it. A folder is Hisab's only if it holds the marker file
``hisab-store.json`` that Hisab wrote (with a format version). Hisab never deletes, empties or
overwrites a folder without it: a new or empty folder becomes a store; any other folder is refused.
The Oxigraph database lives in the ``oxigraph/`` subfolder, so files a user puts beside it are never
touched.

Writers (``build``, ``validate``, ``stats``, ``evidence``) take an exclusive lock on
``hisab-store.lock`` and write their pid into it; a second writer is refused with a message naming
the holder. Readers (``query``, ``load``) take a shared lock, waiting while a writer holds it, and open
the database read-only. The marker records whether the last build into the folder finished, and from
which input files, so a reader never queries a half-built store and says when it is out of date.
``input-hashes.json`` keeps the input files' hashes with their status (size, times, inode), so that
a file unchanged since is not read again to be hashed (a million triples are 170 MB).
Locks are ``flock`` locks: a killed process releases its lock with its last breath.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hisab.errors import HisabError
from hisab.layout import keep_hashes, known_hashes

MARKER = "hisab-store.json"
LOCK = "hisab-store.lock"
HASHES = "input-hashes.json"
DATABASE = "oxigraph"
FORMAT = "hisab-store"
FORMAT_VERSION = 1

Notice = Callable[[str], None]


@dataclass
class StoreState:
    """What the marker says about the folder."""

    state: str  # "building" | "complete" | "failed"
    detail: str = ""
    inputs: dict[str, str] | None = None
    finished: str | None = None
    loaded: dict | None = None  # what hisab.reuse needs to bring the store up to date without reloading it


class StoreFolder:
    """A ``--store`` folder: checked, locked and marked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.marker = path / MARKER
        self.database = path / DATABASE
        #: set by :meth:`for_writing`: what the marker said about the last completed run (None if none)
        self.previous: dict | None = None
        #: set by a writer: what to record about its load when it completes (see :mod:`hisab.reuse`)
        self.record: dict | None = None

    # --- checks -------------------------------------------------------------------------------
    def _refuse_symlink(self) -> None:
        if self.path.is_symlink():
            raise HisabError(f"{self.path} is a symbolic link; give --store the real folder it points to "
                             f"({os.path.realpath(self.path)}) so that Hisab knows what it writes")

    def is_hisab_store(self) -> bool:
        """True if the folder holds Hisab's marker with a known format."""
        return self._read_marker(required=False) is not None

    def _read_marker(self, *, required: bool) -> StoreState | None:
        try:
            data = json.loads(self.marker.read_text(encoding="utf-8"))
        except FileNotFoundError:
            if required:
                raise HisabError(f"{self.path} is not a Hisab store (it has no {MARKER}); "
                                 f"create one with 'hisab --store {self.path} build'") from None
            return None
        except (OSError, ValueError) as exc:
            raise HisabError(f"{self.marker}: cannot read the store's marker ({exc}); "
                             "if the folder is a Hisab store, build it again into a new folder") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise HisabError(f"{self.marker} is not a Hisab store marker; Hisab leaves the folder alone")
        if data.get("version") != FORMAT_VERSION:
            raise HisabError(f"{self.path} is a Hisab store of format version {data.get('version')}; this hisab "
                             f"reads version {FORMAT_VERSION}. Build a new store into an empty folder")
        return StoreState(str(data.get("state")), str(data.get("detail", "")), data.get("inputs"),
                          data.get("finished"), data.get("loaded") if isinstance(data.get("loaded"), dict) else None)

    def _write_marker(self, state: StoreState) -> None:
        payload = {"format": FORMAT, "version": FORMAT_VERSION, "state": state.state, "detail": state.detail,
                   "inputs": state.inputs or {}, "finished": state.finished}
        if state.loaded is not None:
            payload["loaded"] = state.loaded
        temporary = self.path / f".{MARKER}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, self.marker)

    # --- locking ------------------------------------------------------------------------------
    def _open_lock(self, *, create: bool) -> int:
        flags = os.O_RDWR | (os.O_CREAT if create else 0)
        try:
            return os.open(self.path / LOCK, flags, 0o666)
        except OSError:
            if create:
                raise
            return os.open(self.path / LOCK, os.O_RDONLY)

    def _holder(self) -> str:
        try:
            info = json.loads((self.path / LOCK).read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            info = {}
        pid = info.get("pid")
        if isinstance(pid, int) and _alive(pid):
            return f"hisab process {pid} ({info.get('command', 'hisab')}, since {info.get('since', '?')})"
        return "another hisab process reading it"

    # --- the two uses -------------------------------------------------------------------------
    @contextmanager
    def for_writing(self, command: str, inputs: Callable[[], dict[str, str]]) -> Iterator[Path]:
        """Lock the folder for writing and yield the database folder; mark it complete if the body
        finishes, failed (with the reason) if it raises. ``inputs`` gives the input files' hashes."""
        self._refuse_symlink()
        if self.path.exists() and not self.path.is_dir():
            raise HisabError(f"{self.path} is a file, not a folder; give --store a folder")
        if self.path.is_dir() and not self.is_hisab_store() and any(self.path.iterdir()):
            raise HisabError(f"{self.path} is not empty and is not a Hisab store (it has no {MARKER}); Hisab never "
                             "writes into a folder it did not create. Give --store a new or empty folder")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            lock = self._open_lock(create=True)
        except OSError as exc:
            raise HisabError(f"{self.path}: cannot write the store ({exc.strerror or exc}); "
                             "give --store a folder you can write to") from exc
        try:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
                raise HisabError(f"{self.path} is in use by {self._holder()}; wait for it to finish, "
                                 "or give --store another folder") from None
            os.ftruncate(lock, 0)
            os.pwrite(lock, json.dumps({"pid": os.getpid(), "command": command, "since": _now()}).encode(), 0)
            before = self._read_marker(required=False)
            self.previous = before.loaded if before is not None and before.state == "complete" else None
            try:
                self._write_marker(StoreState("building", f"{command} started {_now()}"))
            except OSError as exc:
                raise HisabError(f"{self.path}: cannot write the store ({exc.strerror or exc}); "
                                 "give --store a folder you can write to") from exc
            known_hashes(self.path / HASHES)
            try:
                yield self.database
            except BaseException as exc:
                reason = getattr(exc, "message", None) or type(exc).__name__
                self._write_marker(StoreState("failed", f"{command}: {reason}"))
                raise
            self._write_marker(StoreState("complete", command, inputs(), _now(), self.record))
            keep_hashes(self.path / HASHES)
        finally:
            os.close(lock)  # releases the lock

    @contextmanager
    def for_reading(self, *, wait: float = 600, notice: Notice | None = None,
                    inputs: Callable[[], dict[str, str]] | None = None) -> Iterator[Path]:
        """Share-lock a complete Hisab store and yield its database folder, to be opened read-only.
        Waits up to ``wait`` seconds for a writer to finish. With ``inputs``, a store built from other
        files than the project now holds is reported through ``notice``."""
        self._refuse_symlink()
        if not self.path.is_dir():
            raise HisabError(f"{self.path}: no such store; create it with 'hisab --store {self.path} build'")
        self._read_marker(required=True)
        try:
            lock = self._open_lock(create=os.access(self.path, os.W_OK))
        except OSError as exc:
            raise HisabError(f"{self.path}: cannot open the store's lock ({exc.strerror or exc})") from exc
        try:
            deadline = time.monotonic() + wait
            told = False
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                        raise
                if time.monotonic() > deadline:
                    raise HisabError(f"{self.path} is still being written by {self._holder()} after {wait:.0f} s; "
                                     "try again when it has finished")
                if notice and not told:
                    notice(f"waiting for {self._holder()} to finish writing {self.path}")
                    told = True
                time.sleep(0.2)
            state = self._read_marker(required=True)
            assert state is not None
            if state.state != "complete":
                what = "was interrupted" if state.state == "building" else "did not finish"
                raise HisabError(f"{self.path}: the last build into this store {what} ({state.detail}); "
                                 f"run 'hisab --store {self.path} build' again before reading it")
            if inputs is not None and notice is not None and state.inputs is not None:
                known_hashes(self.path / HASHES)
                changed = _changed(state.inputs, inputs())
                if changed:
                    notice(f"{self.path} was built from other files than the project now holds "
                           f"({', '.join(changed[:3])}{' …' if len(changed) > 3 else ''}); "
                           f"run 'hisab --store {self.path} build' to bring it up to date")
            yield self.database
        finally:
            os.close(lock)


def _changed(before: dict[str, str], now: dict[str, str]) -> list[str]:
    return sorted(name for name in set(before) | set(now) if before.get(name) != now.get(name))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
