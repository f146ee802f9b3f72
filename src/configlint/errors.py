"""Errors that end a command with exit code 2 and a one-line message, never a traceback.

Everything a user can cause (an unreadable file, a truncated checkpoint, a hostile pickle,
a missing Hub repo) raises a subclass of :class:`ConfiglintError`; the CLI prints
``str(error)`` on one line and exits with :attr:`ConfiglintError.exit_code`.
"""

from __future__ import annotations

from pathlib import Path

from configlint.escaping import visible


class ConfiglintError(Exception):
    """Base class: a problem with the input or the environment, not a bug in configlint."""

    exit_code = 2

    def __init__(self, message: str, *, source: str | Path | None = None, position: str | None = None) -> None:
        self.message = message
        self.source = str(source) if source is not None else None
        self.position = position
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """``source[:position]: message`` folded to a single line, control characters made visible.

        The message quotes file names and values from the input; whitespace runs (newlines
        included) fold to one space, and what remains of ESC, BEL, C1 controls or lone
        surrogates is escaped, so the line on stderr can neither drive the terminal nor fail
        to encode.
        """
        where = self.source or ""
        if where and self.position:
            where = f"{where}:{self.position}"
        text = f"{where}: {self.message}" if where else self.message
        return visible(" ".join(text.split()))


class InputError(ConfiglintError):
    """A file that cannot be read or parsed as what it claims to be."""


class CheckpointError(InputError):
    """A weights file that is not a valid (or not a safe) checkpoint. ``position`` is a byte offset or member."""


class UnsafePickleError(CheckpointError):
    """A pickle that asks for something outside the allowlist; it was refused, nothing was executed."""


class UsageError(ConfiglintError):
    """Bad command-line arguments or settings."""
