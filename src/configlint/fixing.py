"""``check --fix``: apply fixes until the file is stable, and write it back atomically.

Like ruff, fixing runs in passes: apply every non-conflicting fix, re-lint the result, repeat
(at most :data:`MAX_PASSES`), because one fix can make another applicable or move text.
Writes go through :mod:`configlint.safe_write`: a temporary file in the same directory, then a
rename — a crash mid-write leaves the original untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from configlint.diagnostics import Applicability, Diagnostic
from configlint.document import ConfigDocument, parse_document
from configlint.edits import apply_edits
from configlint.safe_write import STALE_TEMPORARY_SECONDS, write_text_atomic

MAX_PASSES = 10
__all__ = ["MAX_PASSES", "STALE_TEMPORARY_SECONDS", "FixResult", "atomic_write", "fix_document"]


@dataclass(frozen=True)
class FixResult:
    text: str
    applied: int
    diagnostics: list[Diagnostic]
    """What remains after fixing (positions refer to the new text)."""


def fix_document(
    document: ConfigDocument,
    lint: Callable[[ConfigDocument], list[Diagnostic]],
    *,
    unsafe: bool = False,
) -> FixResult:
    applied_total = 0
    diagnostics = lint(document)
    for _ in range(MAX_PASSES):
        edits = [
            edit
            for diagnostic in diagnostics
            if diagnostic.fix is not None and (unsafe or diagnostic.fix.applicability is Applicability.SAFE)
            for edit in diagnostic.fix.edits
        ]
        if not edits:
            break
        text, applied = apply_edits(document, edits)
        if not applied or text == document.text:
            break
        applied_total += sum(1 for d in diagnostics if d.fix is not None and all(e in applied for e in d.fix.edits))
        document = parse_document(text, document.path)
        diagnostics = lint(document)
    return FixResult(document.text, applied_total, diagnostics)


def atomic_write(path: Path, text: str, *, root: Path | None = None, make_directories: bool = False) -> None:
    """Replace ``path``'s content with ``text`` (UTF-8, line endings as given) all at once.

    ``root`` is the model folder the file belongs to (default: the file's own folder): links are
    followed only inside it, and owner, hard links and extended attributes are kept or the write
    is refused. Every refusal or failure is an :class:`InputError` that leaves the file as it was.
    See :mod:`configlint.safe_write` for how, and why each refusal is one.
    """
    write_text_atomic(path, text, root=root, make_directories=make_directories)
