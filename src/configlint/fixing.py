"""``check --fix``: apply fixes until the file is stable, and write it back atomically.

Like ruff, fixing runs in passes: apply every non-conflicting fix, re-lint the result, repeat
(at most :data:`MAX_PASSES`), because one fix can make another applicable or move text.
Writes go to a temporary file in the same directory, then ``os.replace`` — a crash mid-write
leaves the original untouched.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from configlint.diagnostics import Applicability, Diagnostic
from configlint.document import ConfigDocument, parse_document
from configlint.edits import apply_edits
from configlint.errors import InputError

MAX_PASSES = 10


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
            if diagnostic.fix is not None
            and (unsafe or diagnostic.fix.applicability is Applicability.SAFE)
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


STALE_TEMPORARY_SECONDS = 600
"""A temporary file this old beside its target was left by a killed write; the next write removes it."""


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path``'s content with ``text`` (UTF-8, line endings as given) all at once.

    The text goes to ``.<name>.<random>.tmp`` beside the target, is flushed to disk, then renamed
    over it: a crash or kill at any point leaves either the old file or the new one, never a mix.
    An exception removes the temporary file; a SIGKILL cannot, so the next write to the same
    target removes leftovers older than :data:`STALE_TEMPORARY_SECONDS` (never a fresh one,
    which may belong to a concurrent writer).

    A symlink is followed so the link stays a link. Permissions are kept. A read-only file is
    refused with a clear message rather than silently replaced, and every failure to write is an
    :class:`InputError` that leaves the file as it was.
    """
    try:
        target = path.resolve()
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}; the file is unchanged", source=path) from None
    # Mode bits too, not only access(): root may write anything, but a read-only file says "keep".
    if target.exists() and (not os.access(target, os.W_OK) or not mode & 0o222):
        raise InputError("file is read-only; not fixed", source=path)
    _remove_stale_temporaries(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise InputError(f"cannot write beside the file: {error.strerror or error}; not fixed", source=path) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as error:
        _unlink_quietly(temporary)
        if isinstance(error, OSError):  # a full disk, a file made immutable meanwhile...
            raise InputError(f"cannot write: {error.strerror or error}; the file is unchanged", source=path) from None
        raise


def _temporary_pattern(target: Path) -> re.Pattern[str]:
    """The names :func:`tempfile.mkstemp` gives this target's temporaries (8 random characters)."""
    return re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.tmp")


def _remove_stale_temporaries(target: Path) -> None:
    pattern = _temporary_pattern(target)
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    try:
        candidates = [entry for entry in os.scandir(target.parent) if pattern.fullmatch(entry.name)]
        for entry in candidates:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                _unlink_quietly(entry.path)
    except OSError:
        pass  # cleaning up is a courtesy; the write itself reports real problems


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
