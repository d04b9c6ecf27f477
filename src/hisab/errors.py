"""Errors a user can act on: what went wrong, where, and what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Exit codes shared by every command.
EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 70  # a bug in hisab (EX_SOFTWARE)


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in an input file."""

    severity: str  # "error" or "warning"
    file: Path | None
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def location(self) -> str:
        """``file:line:column`` as far as it is known."""
        parts = [str(self.file) if self.file else "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self) -> str:
        """One readable line (two with a hint)."""
        text = f"{self.location()}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class HisabError(Exception):
    """An error reported to the user without a traceback."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = diagnostics or []

    def render(self) -> str:
        """The message followed by every diagnostic."""
        lines = [f"error: {self.message}"]
        lines.extend(d.render() for d in self.diagnostics)
        return "\n".join(lines)


@dataclass
class InputProblems:
    """Diagnostics gathered while reading input; errors make the input unusable."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        """Diagnostics of severity ``error``."""
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Diagnostics of severity ``warning``."""
        return [d for d in self.diagnostics if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        """Raise :class:`HisabError` (exit 2) if any error was found."""
        if self.errors:
            count = len(self.errors)
            raise HisabError(
                f"{count} input error{'s' if count != 1 else ''}; nothing was written. Fix the file(s) and run again.",
                self.diagnostics,
            )
