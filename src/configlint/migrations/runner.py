"""Apply a migration to a file: plan, edit with minimal diffs, write atomically (or only show).

All reads and writes stay inside the config's folder (:mod:`configlint.safe_fs`, :mod:`configlint.safe_write`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from configlint.document import read_document
from configlint.edits import apply_edits
from configlint.engine import build_context
from configlint.errors import InputError
from configlint.migrations.base import Migration

MAX_REPLACED_BYTES = 8 * 1024 * 1024
"""An existing file a migration would replace is read (to compare, and diff) up to this size."""


@dataclass
class MigrationResult:
    path: Path
    before: str
    after: str
    new_files: dict[Path, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    replaced: dict[Path, str] = field(default_factory=dict)
    """The old text of existing files among ``new_files`` (only with ``force``), for the diff."""

    @property
    def changed(self) -> bool:
        return self.before != self.after or bool(self.new_files)

    def diff(self) -> str:
        """A unified diff of the config and of every new file (as additions, or against the file it replaces)."""
        parts = [_diff(self.before, self.after, str(self.path))] if self.before != self.after else []
        parts += [_diff(self.replaced.get(path, ""), content, str(path)) for path, content in self.new_files.items()]
        return "".join(parts)


def _diff(before: str, after: str, name: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile="/dev/null" if not before else f"a/{name.lstrip('/')}",
        tofile=f"b/{name.lstrip('/')}",
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def migrate_file(path: Path, migration: Migration, *, write: bool, force: bool = False) -> MigrationResult:
    """Plan and (when ``write``) apply ``migration`` to the config at ``path``.

    New files are written inside the config's folder only (links are followed only within it).
    One that already exists with other content is never replaced unless ``force``: the whole
    migration is refused first, so nothing is half-applied.
    """
    from configlint.fixing import atomic_write

    folder = path.parent
    document = read_document(path, root=folder)
    if document.is_fatal or not isinstance(document.data, dict):
        raise InputError("not a readable JSON object; fix the J findings of `configlint check` first", source=path)
    ctx = build_context(document, folder)
    plan = migration.plan(ctx)
    after, _ = apply_edits(document, plan.edits) if plan.edits else (document.text, [])
    new_files: dict[Path, str] = {}
    replaced: dict[Path, str] = {}
    for name, content in plan.new_files.items():
        target = folder / name
        existing = _existing_text(target, folder)
        if existing == content:
            continue
        if existing is not None:
            if not force:
                raise InputError(f"{name} already exists and would be replaced; not migrated (--force replaces it)", source=path)
            replaced[target] = existing
        new_files[target] = content
    result = MigrationResult(path, document.text, after, new_files, plan.notes, replaced)
    if write and result.changed:
        from configlint.safe_write import check_writable

        for new_path in [*new_files, *([path] if after != document.text else [])]:
            check_writable(new_path, root=folder)
        for new_path, content in new_files.items():
            atomic_write(new_path, content, root=folder, make_directories=True)
        if after != document.text:
            atomic_write(path, after, root=folder)
    return result


def _existing_text(target: Path, folder: Path) -> str | None:
    """The text of a file a migration would write (None: no entry of that name, not even a dangling link)."""
    from configlint.safe_fs import entry_exists, read_regular_bytes

    if not entry_exists(target):
        return None
    raw = read_regular_bytes(target, root=folder, limit=MAX_REPLACED_BYTES)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")
