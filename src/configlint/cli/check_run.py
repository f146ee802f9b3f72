"""What ``configlint check`` does once its options are parsed: build the request, check, print,
pick the exit code. Nothing here imports click, so the pre-commit path
(:func:`configlint.cli.main` reading the options with :mod:`configlint.cli.arguments`) never pays for it.

Exit codes, as ruff: 0 no finding at or above ``--fail-on``; 1 findings (or, with ``--diff``,
a file that would change; with ``--exit-non-zero-on-fix``, a file that was fixed); 2 an input
that could not be checked, or a usage error.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from configlint.cli.output import echo, write_report
from configlint.diagnostics import Severity
from configlint.escaping import visible

if TYPE_CHECKING:
    from datetime import datetime

    from configlint.checking import CheckRun


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off, then freeze what exists and restore it.

    For the imports of the check path only: they are the same fixed work on every run, so memory
    stays bounded, and they allocate so many objects that the collector ran about thirty times
    while they ran (about 5% of a pre-commit check's instructions) to free almost nothing. The
    modules, classes and functions they leave live as long as the process; ``gc.freeze`` moves them
    out of the collector's generations, so the collections that run while the files are checked
    (with the collector on, as before) no longer walk them. Nothing read from a checked folder is
    handled inside the block. Frozen only when the block did import modules: a caller running
    checks in-process again (the tests) imports nothing new, and would freeze its own leftovers."""
    enabled = gc.isenabled()
    modules = len(sys.modules)
    gc.disable()
    try:
        yield
    finally:
        if len(sys.modules) > modules:
            gc.freeze()
        if enabled:
            gc.enable()


def run_check(
    paths: tuple[str, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    output_format: str,
    output_file: Path | None,
    fail_on: str | None,
    exit_zero: bool,
    statistics: bool,
    fix: bool,
    unsafe_fixes: bool,
    show_fixes: bool,
    diff: bool,
    exit_non_zero_on_fix: bool,
    config_file: Path | None,
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    force_exclude: bool | None,
    respect_gitignore: bool | None,
    stdin_filename: str | None,
    quiet: bool,
    silent: bool,
    token: str | None,
    verbose: bool,
    target_transformers: int | None,
    target_sentence_transformers: int | None,
) -> int:
    """Check ``paths`` as the options say, print the report and return the exit code."""
    with collector_paused():
        from datetime import UTC, datetime

        from configlint.checking import STDIN, CheckRequest, check_paths, resolve_settings

    request = CheckRequest(
        paths=paths, select=select, extend_select=extend_select, ignore=ignore,
        fail_on=Severity(fail_on) if fail_on else None, fix=fix and not diff, unsafe_fixes=unsafe_fixes, diff=diff,
        config_file=config_file, exclude=exclude, extend_exclude=extend_exclude, force_exclude=force_exclude,
        respect_gitignore=respect_gitignore, stdin_text=sys.stdin.read() if STDIN in paths else None,
        stdin_filename=stdin_filename, token=token, keep_sources=output_format == "full",
        target_transformers=target_transformers, target_sentence_transformers=target_sentence_transformers,
    )  # fmt: skip
    started = datetime.now(UTC)
    resolved = resolve_settings(request)
    run = check_paths(request, resolved)
    code = _exit_code(run, exit_zero=exit_zero, exit_non_zero_on_fix=exit_non_zero_on_fix, diff=diff)
    _print_run(
        run, code, (started, datetime.now(UTC)), output_format=output_format, output_file=output_file,
        statistics=statistics, quiet=quiet or silent, silent=silent, show_fixes=show_fixes, unsafe_fixes=unsafe_fixes,
    )  # fmt: skip
    if verbose:
        for line in run.notes:
            echo(f"configlint: {visible(line)}", err=True)
    return code


def _print_run(
    run: CheckRun,
    code: int,
    timing: tuple[datetime, datetime],
    *,
    output_format: str,
    output_file: Path | None,
    statistics: bool,
    quiet: bool,
    silent: bool,
    show_fixes: bool,
    unsafe_fixes: bool,
) -> None:
    from configlint.reporters import RunResult, format_statistics, get_formatter

    for line in run.errors:
        echo(f"configlint: error: {visible(line)}", err=True)
    if not quiet:
        for path, reason in run.skipped:
            echo(f"configlint: warning: {visible(path)}: skipped, {reason}", err=True)
    if run.fixed_stdin is not None:
        echo(run.fixed_stdin, nl=False)  # --fix on stdin: the fixed text, as ruff does
        return
    if run.diffs:
        if not silent:
            echo("".join(run.diffs), nl=False)
        return
    if silent and output_file is None:
        return
    result = RunResult(
        diagnostics=run.diagnostics, files=run.files, fixed=sum(run.fixed.values()),
        failed_inputs=len(run.errors), summary=not quiet, unsafe_fixes=unsafe_fixes, exit_code=code,
        started=timing[0], ended=timing[1], root=str(run_root()), sources=run.sources,
    )  # fmt: skip
    report = format_statistics(result) if statistics else get_formatter(output_format)(result)
    write_report(report, output_file)
    if show_fixes and run.fixed and not quiet:
        echo(_fixed_listing(run), nl=False)


def run_root() -> Path:
    """The repository root reports are relative to (SARIF ``originalUriBaseIds``): the git work
    tree's top above the current folder, else the current folder. Found by looking for ``.git``,
    not by running git, so a check costs no subprocess."""
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def _fixed_listing(run: CheckRun) -> str:
    total = sum(run.fixed.values())
    lines = [f"Fixed {total} finding{'s' if total != 1 else ''}:"]
    lines += [f"  {count} × {code}" for code, count in sorted(run.fixed.items())]
    return "\n".join(lines) + "\n"


def _exit_code(run: CheckRun, *, exit_zero: bool, exit_non_zero_on_fix: bool, diff: bool) -> int:
    if run.errors:
        return 2
    if exit_zero:
        return 0
    if diff and run.would_change:
        return 1
    if exit_non_zero_on_fix and run.fixed_files:
        return 1
    return 1 if run.failing else 0
