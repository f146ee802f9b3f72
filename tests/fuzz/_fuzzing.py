"""What every fuzz test shares: the active profile, seed configs, the "positions inside the file"
assertion and the list of known bugs in files other engineers own.

The profiles themselves are registered in ``tests/conftest.py``; the CLI runner and the
script loader are in ``tests/_cli_support.py``.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Iterable
from pathlib import Path

from hypothesis import settings

from _cli_support import CliRun
from _support import REPO, corpus_files
from configlint.diagnostics import Diagnostic

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")


def fuzz(weight: float = 1.0) -> settings:
    """Settings for one fuzz test: the active profile, its example budget scaled by ``weight``.

    A CLI run costs ten times a library call, so CLI tests ask for a fraction of the budget;
    under the "long" profile every test still runs thousands of examples.
    """
    base = settings.get_profile(PROFILE)
    return settings(base, max_examples=max(5, round(base.max_examples * weight)))


def seed_configs() -> list[Path]:
    """Real configs to mutate: the shared real-world corpus when present, else the shipped examples."""
    return corpus_files() or sorted((REPO / "examples").glob("*/*config*.json"))


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def assert_positions_inside(diagnostics: Iterable[Diagnostic], raw: bytes) -> None:
    """Every diagnostic's line and column point into ``raw`` (the end of a line counts as inside).

    Lines end at CR, LF or CRLF and columns count code points, as the document reports them; an
    undecodable byte counts as one replacement character (everything before the first one decodes).
    """
    lines = _LINE_BREAK.split(raw.decode("utf-8", "replace"))
    for diagnostic in diagnostics:
        assert 1 <= diagnostic.line <= len(lines), (diagnostic, len(lines))
        assert 1 <= diagnostic.column <= len(lines[diagnostic.line - 1]) + 1, (diagnostic, lines[diagnostic.line - 1][:80])


KNOWN_BUGS: tuple[tuple[str, str], ...] = ()
"""Bugs the fuzzers found in files other engineers own, reported to them: (file name, message part).

Fuzz examples that hit one of these are discarded (``hypothesis.reject``) rather than failing the
suite over someone else's open issue; add a strict xfail test per entry, which fails as soon as
the bug is fixed, so that the entry gets removed and those examples count again. (Empty: the two
label-rule crashes found this way are fixed; test_document_fuzz.py keeps them as findings.)
"""


def is_known_bug(error: BaseException) -> bool:
    """True when ``error`` was raised inside a file of :data:`KNOWN_BUGS` with the recorded message."""
    files = {Path(frame.filename).name for frame in traceback.extract_tb(error.__traceback__)}
    return any(name in files and part in str(error) for name, part in KNOWN_BUGS)


def is_known_cli_bug(run: CliRun) -> bool:
    """The CLI's side of :func:`is_known_bug`: an internal error that quotes a known bug's message."""
    return "internal error" in run.err and any(part in run.err for _, part in KNOWN_BUGS)
