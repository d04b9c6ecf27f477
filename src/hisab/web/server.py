"""Start the server: open the store once, build the application, run it on uvicorn.

One job: start-up. The embedded store is loaded (and validated) or opened read-only once, before the
first request, never per request; with ``--endpoint`` every request goes to the remote store. With
several workers each worker process opens the store itself (uvicorn starts them from
:func:`app_from_environment`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from starlette.applications import Starlette

from hisab.errors import HisabError
from hisab.web.app import Settings, create_app
from hisab.web.backend import Backend

_ENV = "HISAB_SERVE_CONFIG"


@dataclass(frozen=True)
class ServeConfig:
    """What ``hisab serve`` was asked for."""

    host: str = "127.0.0.1"
    port: int = 8000
    base: str = "https://w3id.org/hisab/"
    store: str | None = None
    endpoint: str | None = None
    workers: int = 1
    query_timeout: float = 30.0
    max_rows: int = 10_000
    reason: bool = False
    force: bool = False


@contextmanager
def open_backend(config: ServeConfig, notice: Callable[[str], None] = print) -> Iterator[Backend]:
    """The backend for ``config``, open for as long as the context lasts."""
    if config.endpoint:
        yield Backend(endpoint=config.endpoint)
        return
    if config.store:
        import pyoxigraph as ox

        from hisab.store_folder import StoreFolder

        with StoreFolder(Path(config.store)).for_reading(notice=notice) as database:
            try:
                store = ox.Store.read_only(str(database))
            except (OSError, RuntimeError) as exc:
                raise HisabError(f"{config.store}: cannot open the store ({exc})") from exc
            yield Backend(embedded=store, path=database)
        return
    yield Backend(embedded=_load_project(config, notice))


def _load_project(config: ServeConfig, notice: Callable[[str], None]):
    from hisab.build import ValidationFailed, load_and_validate
    from hisab.layout import find_layout
    from hisab.store import EmbeddedStore

    store = EmbeddedStore()
    notice("loading and validating the project …")
    _, outcome = load_and_validate(find_layout(), store, reasoned=config.reason)
    if not outcome.conforms:
        if not config.force:
            raise ValidationFailed(outcome, reasoned=config.reason)
        notice(f"serving data that does not conform ({len(outcome.violations)} violations), as --force asks")
    return store.oxigraph


def settings_of(config: ServeConfig) -> Settings:
    """The application's settings."""
    from hisab.layout import find_layout

    try:
        layout = find_layout()
        queries_dir, ontology_files = layout.queries_dir, tuple(layout.ontology_files())
        seeds_dir: Path | None = layout.seeds_dir
    except HisabError:  # serving a remote store from outside a project: no saved queries
        queries_dir, ontology_files = None, ()
        seeds_dir = Path(os.environ["HISAB_SEEDS"]) if os.environ.get("HISAB_SEEDS") else None
    return Settings(base=config.base, query_timeout=config.query_timeout, max_rows=config.max_rows,
                    queries_dir=queries_dir, ontology_files=ontology_files, seeds_dir=seeds_dir)


def run(config: ServeConfig, notice: Callable[[str], None] = print) -> None:
    """Serve until interrupted."""
    import uvicorn

    url = f"http://{config.host}:{config.port}/"
    if config.workers > 1:
        os.environ[_ENV] = json.dumps(asdict(config))
        notice(f"serving Hisab at {url} with {config.workers} workers (Ctrl+C stops)")
        uvicorn.run("hisab.web.server:app_from_environment", factory=True, host=config.host, port=config.port,
                    workers=config.workers, log_level="warning")
        return
    with open_backend(config, notice) as backend:
        app = create_app(backend, settings_of(config))
        notice(f"serving Hisab at {url} — open it in a browser, or: curl -L -H 'Accept: text/turtle' "
               f"{url}ontology (Ctrl+C stops)")
        uvicorn.run(app, host=config.host, port=config.port, log_level="warning")


def app_from_environment() -> Starlette:
    """The application of one worker, configured by ``hisab serve`` through the environment."""
    config = ServeConfig(**json.loads(os.environ[_ENV]))
    context = open_backend(config, notice=lambda text: None)
    backend = context.__enter__()  # held for the worker's lifetime
    app = create_app(backend, settings_of(config))
    app.state.context = context
    return app
