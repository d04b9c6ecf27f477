"""The evidence passages the pages quote: read at request time from the source texts, checked first.

One job: given a source document's record (its text's file name, SHA-256 and length, as the data
states them) and a span's offsets, give the passage — or say plainly why it cannot be shown. The
texts come from ``$HISAB_SEEDS`` or ``../shared/seeds`` (the server's ``seeds_dir``). A text is read
again when its file changes (size or modification time), and a text whose SHA-256 differs from the
document's is never quoted: the page says the text has changed instead. Nothing is silently skipped.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceRecord:
    """What the data says of a source document's text."""

    iri: str
    label: str
    file_name: str | None
    sha256: str | None
    characters: int | None


@dataclass(frozen=True)
class Text:
    """A source text as read and checked: ``text`` is None when it cannot be used, and ``problem`` says why."""

    text: str | None
    problem: str | None = None


@dataclass(frozen=True)
class Passage:
    """One evidence span, resolved: the passage's text, or the reason it is not shown."""

    document: str  # the document's IRI
    start: int
    end: int
    text: str | None
    problem: str | None = None

    @property
    def anchor(self) -> str:
        """The id of the span in the source reader."""
        return f"span-{self.start}-{self.end}"


class SourceTexts:
    """The folder of source texts, read on demand and checked against the documents' SHA-256."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str | None], tuple[tuple[int, int], Text]] = {}
        self._stamp: tuple = ()
        self._stamped_at = -10.0

    def stamp(self) -> tuple:
        """What the folder holds now (names, sizes, modification times), looked at most once a second: pages
        that quote the texts are kept only while it stays the same."""
        now = time.monotonic()
        with self._lock:
            if now - self._stamped_at < 1.0:
                return self._stamp
        stamp: tuple = ()
        if self.folder is not None:
            try:
                stamp = tuple(sorted((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                                     for entry in self.folder.iterdir() if entry.is_file()))
            except OSError:
                stamp = ("unreadable",)
        with self._lock:
            self._stamp, self._stamped_at = stamp, now
        return stamp

    def text(self, record: SourceRecord) -> Text:
        """The document's text, if it is there and is the text the data was made from."""
        if self.folder is None:
            return Text(None, "this server has no folder of source texts (set HISAB_SEEDS to it)")
        if not record.file_name or "/" in record.file_name or "\\" in record.file_name:
            return Text(None, "the data names no usable file for this document's text")
        if not record.sha256:
            return Text(None, "the data gives no SHA-256 for this document, so its text cannot be checked")
        path = self.folder / record.file_name
        try:
            status = path.stat()
        except OSError:
            return Text(None, f"the source text {record.file_name} is not available on this server "
                              "(looked in the folder of source texts)")
        stamp = (status.st_size, status.st_mtime_ns)
        key = (record.file_name, record.sha256)
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        read = _read(path, record)
        with self._lock:
            self._cache[key] = (stamp, read)
        return read

    def passage(self, record: SourceRecord, start: int, end: int) -> Passage:
        """The span ``[start, end)`` of the document's text, checked."""
        text = self.text(record)
        if text.text is None:
            return Passage(record.iri, start, end, None, text.problem)
        if not 0 <= start < end <= len(text.text):
            return Passage(record.iri, start, end, None,
                           f"the span {start}–{end} lies outside the text ({len(text.text)} characters)")
        return Passage(record.iri, start, end, text.text[start:end])


def _read(path: Path, record: SourceRecord) -> Text:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Text(None, f"the source text {record.file_name} cannot be read ({exc.strerror or exc})")
    digest = hashlib.sha256(raw).hexdigest()
    if digest != record.sha256:
        return Text(None, f"the source text {record.file_name} has changed: its SHA-256 is {digest[:16]}…, the data "
                          f"was made from {record.sha256[:16]}…; no passage of it is shown")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Text(None, f"the source text {record.file_name} is not UTF-8 text")
    if record.characters is not None and len(text) != record.characters:
        return Text(None, f"the source text {record.file_name} has {len(text)} characters, the data says "
                          f"{record.characters}")
    return Text(text)
