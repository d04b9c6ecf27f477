"""Answer a client's query for a web handler: the status for what stops it, the cut said in headers.

One job, shared by ``/sparql`` and ``/api/queries``: run the query through the backend (checked,
bounded; :meth:`hisab.web.backend.Backend.answer`) off the event loop, and map what can go wrong to an
HTTP status — refused (403), stopped by its time or memory limit (503), failed (``failed_status``: 400
for a client's own query, 500 for a saved one, whose text is the server's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool

from hisab.answer import Answer
from hisab.bounded import Limits, WorkStopped
from hisab.errors import HisabError
from hisab.query_policy import RefusedQuery

if TYPE_CHECKING:
    from hisab.web.app import Settings
    from hisab.web.backend import Backend


async def answered(backend: Backend, text: str, settings: Settings, *, failed_status: int,
                   failure: str = "") -> Answer | tuple[int, str]:
    """The answer to ``text``, or ``(status, message)`` when it is refused, stopped or fails."""
    limits = Limits(timeout=settings.query_timeout, memory=settings.memory_limit)
    try:
        return await run_in_threadpool(backend.answer, text, limits, settings.max_rows)
    except RefusedQuery as exc:
        return 403, exc.message
    except WorkStopped as exc:
        return 503, exc.message
    except HisabError as exc:
        return failed_status, failure + exc.message


def cut_headers(result: Answer, settings: Settings) -> dict[str, str]:
    """Headers of an answer: ``Vary``, and where the row cap cut it, ``Hisab-Result-Limit`` and ``Warning``."""
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["Hisab-Result-Limit"] = f"{settings.max_rows}; truncated"
        headers["Warning"] = f'199 hisab "results cut at {settings.max_rows} rows"'
    return headers
