"""Write and read built datasets safely.

A build writes two files: the dataset (``out``) and its manifest (``<out>.manifest.json``). Each is
written to a temporary file beside its target and renamed into place, the dataset first and the
manifest last. The manifest records the dataset's SHA-256 and size, so a dataset that does not
belong to its manifest (a build killed between the two renames) is detected by
:func:`read_dataset` instead of being loaded as if it were the build the manifest describes.

Temporary files are named ``.<name>.<pid>.<random>.tmp``; a build first removes those of
processes that no longer run (builds that were killed), and nothing else. Files are created with
mode 0666 and the kernel applies the umask, as ``open()`` does.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from hisab import __version__
from hisab.errors import HisabError

if TYPE_CHECKING:
    from collections.abc import Callable

    from hisab.build import BuildResult
    from hisab.layout import Layout
    from hisab.store import Store

MANIFEST_SUFFIX = ".manifest.json"
_FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
_FORMAT_NAMES = {"trig": "TriG", "nquads": "N-Quads"}
_CHUNK = 1 << 20


def manifest_path_of(path: Path) -> Path:
    """Where the manifest of the dataset ``path`` is: ``<path>.manifest.json``."""
    return path.with_name(path.name + MANIFEST_SUFFIX)


# --- writing ------------------------------------------------------------------------------------
def manifest_of(layout: Layout, result: BuildResult, dataset_name: str, fmt: str) -> dict:
    """The manifest: what went in (files and their hashes), what came out (triples per graph), the verdict.

    :func:`write_outputs` adds ``dataset_sha256`` and ``dataset_bytes``, the hash and size of the
    dataset file as written."""
    inputs = []
    for kind in ("ontology", "imports", "shapes", "data"):
        for path in result.loaded.files.get(kind, []):
            inputs.append({"kind": kind, "path": layout.display(path), "sha256": _sha256(path)})
    return {
        "hisab_version": __version__,
        "dataset": dataset_name,
        "format": fmt,
        "graphs": result.graphs,
        "total_quads": sum(result.graphs.values()),
        "inferred_triples": result.inferred,
        "validation": {
            "conforms": result.outcome.conforms,
            "violations": len(result.outcome.violations),
            "warnings": len(result.outcome.warnings),
        },
        "inputs": inputs,
    }


def write_outputs(layout: Layout, store: Store, result: BuildResult, out: Path, fmt: str,
                  ready: Callable[[], None] | None = None) -> tuple[Path, Path]:
    """Write the dataset and ``<out>.manifest.json``; return both paths.

    Both are written to temporaries and renamed into place, the manifest last; the manifest
    records the dataset's hash, so a reader can tell a dataset from an interrupted build. On any
    failure nothing is left behind (no temporary, no folder this call created) and the error is a
    :class:`HisabError` naming the path and what to do. ``ready``, if given, is called once both are
    written, before either is put in place: whatever it raises is raised, with nothing left behind
    (so a build can write while a last check runs, and keep the files only if it passes).
    """
    try:
        out = Path(out).resolve()
    except (OSError, RuntimeError) as exc:
        raise HisabError(f"{out}: not a usable output path ({exc}); choose another --out.") from exc
    manifest_path = manifest_path_of(out)
    try:
        manifest = manifest_of(layout, result, out.name, fmt)
    except OSError as exc:
        raise HisabError(f"{exc.filename or out}: cannot read an input again to hash it for the manifest "
                         f"({exc.strerror or exc}); nothing was written.") from exc
    for target in (out, manifest_path):
        if target.is_dir():
            raise HisabError(f"{target} is a folder; give --out a file name (e.g. {target / 'hisab.trig'}). "
                             "Nothing was written.")
    created: list[Path] = []
    temporaries: list[Path] = []
    stage = "start"
    try:
        created = _make_folders(out.parent)
        remove_stale_temporaries(out)
        data_tmp = _create_temporary(out, temporaries)
        store.dump(data_tmp, fmt)
        digest, size = _hash_and_sync(data_tmp)
        manifest["dataset_sha256"] = digest
        manifest["dataset_bytes"] = size
        manifest_tmp = _create_temporary(manifest_path, temporaries)
        with manifest_tmp.open("w", encoding="utf-8") as handle:
            handle.write(json.dumps(manifest, indent=2) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        if ready is not None:
            ready()
        os.replace(data_tmp, out)
        stage = "dataset replaced"
        os.replace(manifest_tmp, manifest_path)  # last: the manifest vouches for the dataset in place
        stage = "done"
    except OSError as exc:
        if stage == "dataset replaced":
            raise HisabError(f"{manifest_path}: cannot write the manifest ({exc.strerror or exc}); {out} was "
                             "replaced but its manifest was not. Fix the problem and run hisab build again.") from exc
        raise _write_error(out, exc) from exc
    finally:
        for tmp in temporaries:
            _unlink_quietly(tmp)
        if stage == "start":
            for folder in reversed(created):
                try:
                    folder.rmdir()
                except OSError:
                    break
    _sync_folder(out.parent)
    return out, manifest_path


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporaries of ``target`` and of its manifest left by writers that no longer run.

    Only names of the form ``.<name>.<pid>.<random>.tmp`` (Hisab's own) are considered, and only
    those whose pid is not a running process are removed; return what was removed."""
    patterns = [_temporary_pattern(target.name), _temporary_pattern(manifest_path_of(target).name)]
    removed = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        for pattern in patterns:
            match = pattern.fullmatch(name)
            if match and not _running(int(match.group(1))):
                path = target.parent / name
                if path.is_file() and not path.is_symlink():
                    _unlink_quietly(path)
                    removed.append(path)
                break
    return removed


def _temporary_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(name)}\.([1-9][0-9]{{0,9}})\.[0-9a-f]{{8,32}}\.tmp")


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user counts); in doubt, yes."""
    if os.name != "posix":
        return True  # os.kill would terminate it, not probe it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, ValueError, OSError):  # PermissionError: it runs as another user
        return True
    return True


def _create_temporary(target: Path, temporaries: list[Path]) -> Path:
    """A new empty file ``.<name>.<pid>.<random>.tmp`` beside ``target``, mode 0666 less the umask."""
    while True:
        path = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        except FileExistsError:
            continue
        temporaries.append(path)
        os.close(fd)
        return path


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, outermost first."""
    missing = []
    current = folder
    while not current.exists() and not current.is_symlink() and current != current.parent:
        missing.append(current)
        current = current.parent
    created = []
    try:
        for path in reversed(missing):
            try:
                path.mkdir()
            except FileExistsError:
                if not path.is_dir():
                    raise
                continue
            created.append(path)
    except OSError:
        for path in reversed(created):
            try:
                path.rmdir()
            except OSError:
                break
        raise
    return created


def _hash_and_sync(path: Path) -> tuple[str, int]:
    with path.open("rb") as handle:
        digest, size = _digest(handle)
        os.fsync(handle.fileno())
    return digest, size


def _sync_folder(folder: Path) -> None:
    """Make the renames durable; best effort (not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _write_error(out: Path, exc: OSError) -> HisabError:
    reason = exc.strerror or str(exc)
    where = Path(exc.filename) if exc.filename else None
    creating = where is not None and where != out.parent and where in out.parents  # a missing folder
    if where is not None and where.name.startswith(f".{out.name}.") and where.name.endswith(".tmp"):
        where = where.parent  # a temporary file: name the folder it was to be written in
    code = exc.errno
    if code in (errno.ENOTDIR, errno.EEXIST):
        todo = f"a part of {out.parent} is a file, not a folder; choose another --out"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        todo = f"{where or out.parent} cannot be written to; choose --out in a folder you can write to"
    elif code == errno.ENOSPC or code == getattr(errno, "EDQUOT", None):
        todo = "the disk is full; free some space or choose --out on another disk"
    elif code == errno.ENAMETOOLONG:
        todo = "the file name is too long; choose a shorter --out"
    elif creating or (where == out.parent and not out.parent.is_dir()):
        todo = f"the folder {where} cannot be created; choose --out in a folder you can write to"
    else:
        todo = f"{where or out.parent} does not accept new files; choose --out in a folder you can write to"
    return HisabError(f"{out}: cannot write the dataset ({reason}); nothing was written. {todo[0].upper()}{todo[1:]}.")


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return _digest(handle)[0]


def _digest(handle: BinaryIO) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    while chunk := handle.read(_CHUNK):
        sha.update(chunk)
        size += len(chunk)
    return sha.hexdigest(), size


# --- reading ------------------------------------------------------------------------------------
def read_dataset(path: Path | str) -> list[ox.Quad]:
    """The quads of a built dataset file (TriG or N-Quads).

    If ``<path>.manifest.json`` exists, the file must be the one it describes (same SHA-256 and
    size), else :class:`HisabError`: the dataset is from an interrupted build. Without a manifest
    (a dataset from elsewhere) the file is read as it is. The format is the manifest's, else
    N-Quads for ``.nq``/``.nquads`` and TriG for anything else.
    """
    path = Path(path)
    manifest_path = manifest_path_of(path)
    manifest = _read_manifest(manifest_path)
    try:
        with path.open("rb") as handle:  # hash and parse the same file, even if a build replaces it
            if manifest is not None and "dataset_sha256" in manifest:
                found = _digest(handle)
                if not _matches(manifest, found):
                    # A build may be renaming the pair right now (dataset first): look once more.
                    manifest = _read_manifest(manifest_path)
                    if manifest is not None and "dataset_sha256" in manifest and not _matches(manifest, found):
                        raise HisabError(f"{path} does not match its manifest {manifest_path} "
                                         "(an interrupted build?); run hisab build again.")
                handle.seek(0)
            fmt = _format_of(path, manifest)
            try:
                return list(ox.parse(handle, format=_FORMATS[fmt]))
            except SyntaxError as exc:
                location = ":".join(str(p) for p in (path, exc.lineno, exc.offset) if p is not None)
                raise HisabError(f"{location}: the dataset is not valid {_FORMAT_NAMES[fmt]} ({exc.msg}); "
                                 "build it again with hisab build, or give --from a TriG or N-Quads file.") from None
    except OSError as exc:
        raise HisabError(f"{path}: cannot read the dataset ({exc.strerror or exc}).") from exc


def _read_manifest(manifest_path: Path) -> dict | None:
    try:
        text = manifest_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise HisabError(f"{manifest_path}: cannot read the manifest ({getattr(exc, 'strerror', None) or exc}); "
                         "run hisab build again, or remove it to load the dataset unchecked.") from exc
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HisabError(f"{manifest_path}:{exc.lineno}: the manifest is not valid JSON ({exc.msg}); "
                         "run hisab build again, or remove it to load the dataset unchecked.") from None
    if not isinstance(manifest, dict):
        raise HisabError(f"{manifest_path}: the manifest is not a JSON object; "
                         "run hisab build again, or remove it to load the dataset unchecked.")
    return manifest


def _matches(manifest: dict, found: tuple[str, int]) -> bool:
    digest, size = found
    return manifest.get("dataset_sha256") == digest and manifest.get("dataset_bytes", size) == size


def _format_of(path: Path, manifest: dict | None) -> str:
    if manifest is not None and manifest.get("format") in _FORMATS:
        return manifest["format"]
    return "nquads" if path.name.endswith((".nq", ".nquads")) else "trig"


__all__ = ["manifest_of", "manifest_path_of", "read_dataset", "remove_stale_temporaries", "write_outputs"]
