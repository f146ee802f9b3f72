"""Apply a migration to a file: plan, edit with minimal diffs, write atomically (or only show)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from configlint.document import read_document
from configlint.edits import apply_edits
from configlint.engine import build_context
from configlint.errors import InputError
from configlint.migrations.base import Migration


@dataclass
class MigrationResult:
    path: Path
    before: str
    after: str
    new_files: dict[Path, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.before != self.after or bool(self.new_files)

    def diff(self) -> str:
        """A unified diff of the config and of every new file (as additions)."""
        parts = [_diff(self.before, self.after, str(self.path))] if self.before != self.after else []
        parts += [_diff("", content, str(path)) for path, content in self.new_files.items()]
        return "".join(parts)


def _diff(before: str, after: str, name: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile="/dev/null" if not before else f"a/{name.lstrip('/')}",
        tofile=f"b/{name.lstrip('/')}",
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def migrate_file(path: Path, migration: Migration, *, write: bool) -> MigrationResult:
    """Plan and (when ``write``) apply ``migration`` to the config at ``path``."""
    document = read_document(path)
    if document.is_fatal or not isinstance(document.data, dict):
        raise InputError("not a readable JSON object; fix the J findings of `configlint check` first", source=path)
    ctx = build_context(document, path.parent)
    plan = migration.plan(ctx)
    after, _ = apply_edits(document, plan.edits) if plan.edits else (document.text, [])
    new_files = {
        path.parent / name: content
        for name, content in plan.new_files.items()
        if not (path.parent / name).is_file() or (path.parent / name).read_text(encoding="utf-8") != content
    }
    result = MigrationResult(path, document.text, after, new_files, plan.notes)
    if write and result.changed:
        from configlint.fixing import atomic_write

        for new_path, content in new_files.items():
            new_path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(new_path, content)
        if after != document.text:
            atomic_write(path, after)
    return result
