"""Pages of a query's answer, as grlc's ``#+ pagination: N`` header describes them.

One job: turn a query text into the text of one page of its answer, and say which pages follow. A page
is the query with ``LIMIT size + 1 OFFSET (number - 1) × size`` after its ``ORDER BY``: one row more
than the page holds, so that whether a next page exists is known without counting the whole answer.
A query is paged only when its order is fixed (an ``ORDER BY``) and it has no ``LIMIT`` or ``OFFSET``
of its own; otherwise the pages could overlap or skip rows, and paging it is an error that says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hisab.errors import HisabError
from hisab.sparql_text import analyse, tokens

#: The largest page a request may ask for (a client that wants more reads several pages).
MAX_PAGE_SIZE = 10_000
#: The page size of ``hisab query --page`` when the query's header names none.
DEFAULT_PAGE_SIZE = 100
#: Pages beyond this one are refused: the offset would make the engine skip more rows than any answer holds.
MAX_PAGE = 10**9


@dataclass(frozen=True)
class Page:
    """Page ``number`` (1 for the first) of ``size`` rows."""

    number: int
    size: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= MAX_PAGE:
            raise HisabError(f"the page number must be between 1 and {MAX_PAGE}, not {self.number}")
        if not 1 <= self.size <= MAX_PAGE_SIZE:
            raise HisabError(f"the page size must be between 1 and {MAX_PAGE_SIZE}, not {self.size}")

    @property
    def offset(self) -> int:
        """How many rows come before this page."""
        return (self.number - 1) * self.size


def page_size_of(header: dict, origin: str) -> int | None:
    """The page size a query's ``#+`` header declares (``pagination: 100``), or None; a clear error if it is
    not a whole number between 1 and :data:`MAX_PAGE_SIZE`."""
    value = header.get("pagination")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PAGE_SIZE:
        raise HisabError(f"{origin}: the '#+' header's pagination must be a whole number of rows between 1 and "
                         f"{MAX_PAGE_SIZE} (e.g. pagination: 100), not {value!r}")
    return value


def pageable_problem(text: str) -> str | None:
    """Why the query ``text`` cannot be paged, or None when it can."""
    shape = analyse(text)
    if shape.form != "SELECT":
        return f"only a SELECT query's rows are paged, not {'a ' + shape.form if shape.form else 'this text'}"
    if shape.body_end is None:
        return "the query has no WHERE { … } clause"
    after = {t.keyword for t in tokens(text[shape.body_end:]) if t.kind == "word"}
    if "ORDER" not in after:
        return "the query has no ORDER BY, so its pages could overlap or skip rows; give it one"
    own = sorted(after & {"LIMIT", "OFFSET"})
    if own:
        return f"the query has its own {' and '.join(own)}; remove it to page the answer"
    return None


def paged_text(text: str, page: Page) -> str:
    """``text`` limited to ``page`` and one row more (see :func:`split`); a clear error if it cannot be paged."""
    problem = pageable_problem(text)
    if problem is not None:
        raise HisabError(f"cannot page this query: {problem}")
    return f"{text.rstrip()}\nLIMIT {page.size + 1}\nOFFSET {page.offset}\n"


def split(rows: list, page: Page) -> tuple[list, bool]:
    """The rows of ``page`` out of what :func:`paged_text` returned, and whether a next page exists."""
    return rows[: page.size], len(rows) > page.size


def link_header(url_of_page: Callable[[int], str], page: Page, has_next: bool) -> str:
    """An RFC 8288 ``Link`` header for ``page``: ``first``, ``prev`` and ``next`` where they exist (``last``
    would need the whole answer counted, so it is not given). ``url_of_page(n)`` is page ``n``'s URL."""
    links = [(1, "first")]
    if page.number > 1:
        links.append((page.number - 1, "prev"))
    if has_next:
        links.append((page.number + 1, "next"))
    return ", ".join(f'<{url_of_page(number)}>; rel="{rel}"' for number, rel in links)


def page_number(value: str) -> int:
    """The page number a request gives as text (``"2"``), or a clear error."""
    digits = value.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) > 10 or not 1 <= int(digits) <= MAX_PAGE:
        shown = value if len(value) <= 30 else value[:30] + "…"
        raise HisabError(f"parameter page must be a whole number from 1 to {MAX_PAGE}, not {shown!r}")
    return int(digits)
