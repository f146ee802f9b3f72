"""What every reporter receives: the finished diagnostics of a run, and nothing to compute.

Formatters turn a :class:`RunResult` into text. They never decide what is a finding, never
filter, never exit: the engine and the CLI did that already.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from configlint.diagnostics import Diagnostic
from configlint.rules import RULES_BY_CODE, Rule


@dataclass(frozen=True)
class RunResult:
    diagnostics: Sequence[Diagnostic]
    files: Sequence[str] = ()
    rules: Mapping[str, Rule] = field(default_factory=lambda: RULES_BY_CODE)
    fixed: int = 0
    """How many fixes were applied (``check --fix``)."""
    failed_inputs: int = 0
    """Inputs that could not be checked (their errors went to stderr): never say "All checks passed"."""
    summary: bool = True
    """False with ``--quiet``: findings only, no summary line."""
    unsafe_fixes: bool = False
    """``--unsafe-fixes``: unsafe fixes count as available, like safe ones."""


Formatter = Callable[[RunResult], str]
