"""The source texts behind the evidence spans: hashes, offsets, and checks.

Evidence spans hold no text of their own: a span is a document (known by the SHA-256 of its
text) and zero-based character offsets ``[start, end)`` into that text. This module reads the
seed texts to resolve, show and check spans, and helps data authors find offsets.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from hisab.errors import HisabError
from hisab.store import Store


@dataclass(frozen=True)
class SeedText:
    """One source text as published."""

    path: Path
    text: str
    sha256: str


class Seeds:
    """The folder of source texts (``../shared/seeds`` by default)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._by_name: dict[str, SeedText] = {}
        self._unreadable: dict[str, str] = {}  # file name -> why it cannot be used
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                try:
                    raw = path.read_bytes()
                    self._by_name[path.name] = SeedText(path, raw.decode("utf-8"), hashlib.sha256(raw).hexdigest())
                except OSError as exc:
                    self._unreadable[path.name] = f"cannot be read ({exc.strerror or exc})"
                except UnicodeDecodeError as exc:
                    self._unreadable[path.name] = f"is not UTF-8 text (byte {exc.start})"

    @property
    def available(self) -> bool:
        """Whether the folder exists and holds texts."""
        return bool(self._by_name)

    def unreadable(self) -> dict[str, str]:
        """Texts that are there but cannot be used, with the reason."""
        return dict(self._unreadable)

    def names(self) -> list[str]:
        """File names of the texts, sorted."""
        return sorted(self._by_name)

    def get(self, file_name: str) -> SeedText:
        """The text with this file name."""
        if file_name in self._unreadable:
            raise HisabError(f"{self.folder / file_name} {self._unreadable[file_name]}; the source texts must be "
                             "the documents as published, in UTF-8")
        try:
            return self._by_name[file_name]
        except KeyError:
            raise HisabError(f"no source text named {file_name!r} in {self.folder}") from None

    def require(self) -> None:
        """Raise a clear error if the texts are not there."""
        if not self.available and self._unreadable:
            name, why = next(iter(sorted(self._unreadable.items())))
            raise HisabError(f"no source text in {self.folder} can be used: {name} {why}"
                             f"{' (and others)' if len(self._unreadable) > 1 else ''}; the source texts must be the "
                             "documents as published, in UTF-8")
        if not self.available:
            raise HisabError(
                f"the source texts are not available: {self.folder} is missing or empty. "
                "Put the seed texts there or set HISAB_SEEDS to their folder."
            )


@dataclass(frozen=True)
class SpanReport:
    """A span resolved against its source text; ``problem`` is None when it checks out."""

    span: str
    document: str
    file_name: str | None
    start: int
    end: int
    text: str | None
    problem: str | None


SPANS_QUERY = """
PREFIX hisab: <https://w3id.org/hisab/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT DISTINCT ?span ?doc ?file ?sha ?start ?end WHERE {
    ?span a hisab:EvidenceSpan ; oa:hasSource ?doc ; oa:hasSelector ?sel .
    ?sel oa:start ?start ; oa:end ?end .
    OPTIONAL { ?doc hisab:localFileName ?file }
    OPTIONAL { ?doc hisab:sha256 ?sha }
}
ORDER BY ?doc ?start ?end
"""


def resolve_spans(store: Store, seeds: Seeds, span: URIRef | None = None) -> list[SpanReport]:
    """Resolve every evidence span in ``store`` (or just ``span``) against the seed texts."""
    seeds.require()
    bindings = {"span": span} if span is not None else None
    reports = []
    for row in store.query(SPANS_QUERY, bindings):
        start, end = int(row.start), int(row.end)
        file_name = str(row.file) if row.file is not None else None
        problem, text = None, None
        if file_name is None:
            problem = "the document has no hisab:localFileName"
        elif file_name in seeds.unreadable():
            problem = f"the source text {file_name} {seeds.unreadable()[file_name]}"
        elif file_name not in seeds.names():
            problem = f"no source text {file_name} in {seeds.folder}"
        else:
            seed = seeds.get(file_name)
            if row.sha is None or str(row.sha) != seed.sha256:
                problem = f"SHA-256 of {file_name} is {seed.sha256}, the data says {row.sha}: the text changed"
            elif not 0 <= start < end <= len(seed.text):
                problem = f"offsets {start}-{end} fall outside the text ({len(seed.text)} characters)"
            else:
                text = seed.text[start:end]
        reports.append(SpanReport(str(row.span), str(row.doc), file_name, start, end, text, problem))
    return reports


def locate(text: str, needle: str) -> list[tuple[int, int]]:
    """Every ``(start, end)`` at which ``needle`` occurs in ``text``."""
    if not needle:
        return []
    found, at = [], text.find(needle)
    while at != -1:
        found.append((at, at + len(needle)))
        at = text.find(needle, at + 1)
    return found
