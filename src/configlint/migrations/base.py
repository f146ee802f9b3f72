"""What a migration is: a named, idempotent rewrite of a config (and files beside it).

A migration plans; it never writes. Its :class:`MigrationPlan` holds minimal-diff edits to the
config text (applied with :mod:`configlint.edits`, so key order, indentation, line endings and
number spellings survive) plus whole new files, and notes for the user about what changed in
the model transformers builds. The runner applies plans atomically; running a migration on its
own output plans nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from configlint.context import LintContext
from configlint.diagnostics import Edit


@dataclass
class MigrationPlan:
    edits: list[Edit] = field(default_factory=list)
    new_files: dict[str, str] = field(default_factory=dict)
    """Paths relative to the config's folder → full content (written only if absent or different)."""
    notes: list[str] = field(default_factory=list)
    """What changes in the model transformers (or sentence-transformers) builds, if anything."""

    @property
    def empty(self) -> bool:
        return not self.edits and not self.new_files


@dataclass(frozen=True)
class Migration:
    name: str
    summary: str
    description: str
    plan: Callable[[LintContext], MigrationPlan]
    changes_model: bool = False
    """True when the migrated config builds a different model (the notes say how)."""
