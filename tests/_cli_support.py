"""Run the CLI the way a user's terminal would, and check its promise: no traceback, one line per error.

Shared by the fuzz tests and the hostile-corpus test, which also load builders from ``scripts/``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType

from _support import REPO
from configlint.cli import main


@dataclass(frozen=True)
class CliRun:
    code: int
    out: str
    err: str


def run_cli(args: Sequence[str]) -> CliRun:
    """``configlint.cli.main(args)`` with stdout/stderr as strict UTF-8 byte streams.

    A terminal or a pipe rejects what an in-memory ``StringIO`` accepts (lone surrogates from
    ``"\\ud800"`` escapes, say); strict encoding makes those failures show up here too.
    """
    out, err = io.BytesIO(), io.BytesIO()
    out_text = io.TextIOWrapper(out, encoding="utf-8", errors="strict", newline="")
    err_text = io.TextIOWrapper(err, encoding="utf-8", errors="strict", newline="")
    with contextlib.redirect_stdout(out_text), contextlib.redirect_stderr(err_text):
        code = main(list(args))
        out_text.flush()
        err_text.flush()
    return CliRun(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


def assert_clean_exit(run: CliRun, allowed: Iterable[int] = (0, 1, 2)) -> None:
    """The CLI's promise: a known exit code, no traceback, and one ``configlint: ...`` line per
    failed input (click's own usage errors keep their Usage/Error block, as in ruff)."""
    assert run.code in set(allowed), (run.code, run.err)
    assert "Traceback" not in run.err and "Traceback" not in run.out, run.err
    assert "internal error" not in run.err, run.err
    if run.code == 2 and run.err.startswith("Usage: "):
        assert "\nError: " in run.err, run.err
        return
    for line in (line for line in run.err.splitlines() if line.strip()):  # click starts a fresh line after ^C
        assert line.startswith(("configlint: error:", "configlint: warning:", "configlint: aborted", "  note:")), run.err
    if run.code == 2:
        assert run.err.strip(), "exit 2 without saying why"


def assert_one_line_refusal(run: CliRun, *fragments: str) -> None:
    """A refused input: exit code 2 and exactly one line on stderr, holding every fragment (the file, the reason)."""
    assert_clean_exit(run, allowed=(2,))
    assert len(run.err.strip().splitlines()) == 1, run.err
    for fragment in fragments:
        assert fragment in run.err, run.err


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` (scripts are not a package) so tests share its builders."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module
