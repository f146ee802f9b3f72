"""What every reporter receives: the finished diagnostics of a run, and nothing to compute.

Formatters turn a :class:`RunResult` into text. They never decide what is a finding, never
filter, never exit: the engine and the CLI did that already. Every field after ``diagnostics``
has a default, so a caller that only has diagnostics still gets a valid report; the CLI fills
the rest (exit code, times, repository root, fix flags, file texts) for the formats that show them.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from configlint.diagnostics import Applicability, Diagnostic
from configlint.rules import RULES_BY_CODE, Rule

if TYPE_CHECKING:
    from datetime import datetime


class RunResult(NamedTuple):
    diagnostics: Sequence[Diagnostic]
    files: Sequence[str] = ()
    rules: Mapping[str, Rule] = RULES_BY_CODE
    fixed: int = 0
    """How many fixes were applied (``check --fix``)."""
    exit_code: int | None = None
    """The exit code the run ends with (SARIF ``invocations``); None when the caller does not know it yet."""
    started: "datetime | None" = None
    """When the run started (timezone-aware), for SARIF ``invocations`` and JUnit ``timestamp``/``time``."""
    ended: "datetime | None" = None
    """When the findings were complete (timezone-aware)."""
    root: str | None = None
    """The repository root SARIF and GitLab paths are relative to; None: the git toplevel of the cwd, else the cwd."""
    unsafe_fixes: bool = False
    """``--unsafe-fixes`` was given: unsafe fixes count as available ``[*]`` fixes instead of hidden ones."""
    failed_inputs: int = 0
    """Inputs that could not be checked (their errors went to stderr): never say "All checks passed"."""
    summary: bool = True
    """False with ``--quiet``: findings only, no summary line."""
    sources: Mapping[str, str] = {}
    """Text of the checked files by ``Diagnostic.file``, for the ``full`` format's source lines and rdjson's byte columns."""

    def fix_available(self, diagnostic: Diagnostic) -> bool:
        """Whether ``--fix`` would apply this diagnostic's fix in this run (ruff's ``[*]``)."""
        fix = diagnostic.fix
        return fix is not None and (fix.applicability is Applicability.SAFE or self.unsafe_fixes)

    def fix_hidden(self, diagnostic: Diagnostic) -> bool:
        """A fix that exists but needs ``--unsafe-fixes``."""
        return diagnostic.fix is not None and not self.fix_available(diagnostic)


Formatter = Callable[[RunResult], str]
