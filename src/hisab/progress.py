"""Progress of long work on stderr: one line per stage with its time, a bar where the work is counted.

One job: turn the ``stage(name, done, total)`` calls the pipeline makes (loading, reasoning, validating,
writing) into what a person watching wants to see. On a terminal, each stage is a line with a spinner
while it runs, then its elapsed time; a stage that reports counts (``done`` of ``total``) gets a bar
with the counts. Captured or piped (CI logs), each stage and each tenth of a counted stage is printed
as a plain line. ``quiet`` prints nothing: errors and results are printed by the commands themselves.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


class _Counts(ProgressColumn):
    """``done/total`` for a counted stage, nothing for the others."""

    def render(self, task: Task) -> Text:
        if not task.fields.get("counted"):
            return Text("")
        return Text(f"{int(task.completed):,}/{int(task.total or 0):,}", style="progress.download")


class _Bar(BarColumn):
    """A bar for a counted stage only."""

    def render(self, task: Task):
        return super().render(task) if task.fields.get("counted") else Text("")


class Stages:
    """A callable ``stage(name, done=None, total=None)``: a name whose first word differs from the current
    stage's starts a new stage; the same first word updates it (``reading data.ttl: 250,000 triples``,
    ``reasoning: round 2``)."""

    def __init__(self, console: Console, label: str, *, quiet: bool = False) -> None:
        self.console = console
        self.label = label
        self.quiet = quiet
        self.live = console.is_terminal and not quiet
        self.progress = Progress(SpinnerColumn(finished_text="✓"), TextColumn("{task.description}"),
                                 _Bar(), _Counts(), TimeElapsedColumn(),
                                 console=console, transient=False, disable=not self.live)
        self.task: TaskID | None = None
        self.key: str | None = None
        self.printed_tenth = -1
        self.printed = ""
        self.started = time.monotonic()

    def __call__(self, name: str, done: int | None = None, total: int | None = None) -> None:
        """Report progress: a stage's name, and where known how much of it is done."""
        if self.quiet:
            return
        key = name.split(":", 1)[0].split(" ", 1)[0]
        text = name if key == self.label else f"{self.label}: {name}"
        if key != self.key:
            self._finish()
            self.key = key
            self.printed_tenth = -1
            self.task = self.progress.add_task(text, total=total, counted=total is not None)
            if not self.live:
                self.console.print(text, style="dim", markup=False, highlight=False)
        elif self.task is not None:
            self.progress.update(self.task, description=text, total=total, counted=total is not None)
            if not self.live and done is None and text != self.printed:  # a log keeps every file read
                self.console.print(text, style="dim", markup=False, highlight=False)
        self.printed = text
        if self.task is not None and done is not None:
            self.progress.update(self.task, completed=done)
            if not self.live and total:
                tenth = 10 * done // total
                if tenth > self.printed_tenth:
                    self.printed_tenth = tenth
                    self.console.print(f"{text} ({done:,} of {total:,})", style="dim", markup=False, highlight=False)

    def _finish(self) -> None:
        if self.task is not None:
            task = self.progress.tasks[self.task]
            self.progress.update(self.task, total=task.total or 1, completed=task.total or 1)

    def close(self) -> None:
        """End the last stage and the display."""
        self._finish()
        self.progress.stop()


@contextmanager
def stages(console: Console, label: str, *, quiet: bool = False) -> Iterator[Stages]:
    """Show the stages of ``label`` (``building``, ``validating``) while the block runs."""
    shown = Stages(console, label, quiet=quiet)
    shown.progress.start()
    try:
        yield shown
    finally:
        shown.close()
