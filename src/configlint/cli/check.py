"""``configlint check PATH...``: parse options, call :func:`configlint.checking.check_paths`, print.

Exit codes, as ruff: 0 no finding at or above ``--fail-on``; 1 findings (or, with ``--diff``,
a file that would change; with ``--exit-non-zero-on-fix``, a file that was fixed); 2 an input
that could not be checked, or a usage error.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from configlint.cli.options import output_options, write_report
from configlint.diagnostics import Severity
from configlint.errors import ConfiglintError
from configlint.escaping import visible
from configlint.reporters import FORMATTERS

__all__ = ["check", "fix", "remote_error_line"]

if TYPE_CHECKING:
    from configlint.checking import CheckRun


def remote_error_line(error: ConfiglintError) -> str:
    """Kept for the commands that print a Hub error themselves; see :func:`configlint.checking.remote_error_line`."""
    from configlint.checking import remote_error_line as line

    return line(error)


def _error(line: str) -> None:
    click.echo(f"configlint: error: {visible(line)}", err=True)


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable (replaces the default set); ALL for every rule.")
@click.option("--extend-select", multiple=True, help="Rule codes or prefixes to enable in addition.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable.")
@output_options(sorted(FORMATTERS), "text")
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    help="Lowest severity that makes the exit code 1 [default: warning].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print a count per rule instead of each finding.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option(
    "--unsafe-fixes", is_flag=True, help="Also apply (with --fix) or show fixes that change the model transformers builds."
)
@click.option("--show-fixes", is_flag=True, help="With --fix, list what was fixed, per file and rule.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing; exit 1 when a file would change.")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when a file was fixed, even if nothing remains (pre-commit).")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A pyproject.toml to use instead of the project's.",
)
@click.option("--exclude", multiple=True, help="Glob patterns of files and folders not to check (replaces the defaults).")
@click.option("--extend-exclude", multiple=True, help="Glob patterns to exclude in addition to the defaults and settings.")
@click.option(
    "--force-exclude/--no-force-exclude",
    default=None,
    help="Apply excludes and the model-config decision to named files too, silently (the pre-commit hooks pass it).",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Skip files .gitignore ignores, inside a git work tree [default: respect].",
)
@click.option("--stdin-filename", metavar="PATH", help="The name of the file read from '-' (stdin), for messages and settings.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no summary, no notes.")
@click.option("--silent", "-s", is_flag=True, help="Print nothing; only the exit code tells.")
@click.option("--token", envvar=None, help="Hub token for org/name[@rev] sources [default: HF_TOKEN, then the stored login].")
@click.option("--verbose", "-v", is_flag=True, help="Report Hub requests and bytes transferred on stderr.")
def check(
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
) -> None:
    """Check config files and folders (the model configs in them) and Hub repos (org/name[@rev]); '-' reads stdin."""
    from configlint.checking import STDIN, CheckRequest, check_paths, resolve_settings

    if not paths:
        raise click.UsageError("give at least one file, folder or Hub repo to check ('-' for stdin)")
    request = CheckRequest(
        paths=paths, select=select, extend_select=extend_select, ignore=ignore,
        fail_on=Severity(fail_on) if fail_on else None, fix=fix and not diff, unsafe_fixes=unsafe_fixes, diff=diff,
        config_file=config_file, exclude=exclude, extend_exclude=extend_exclude, force_exclude=force_exclude,
        respect_gitignore=respect_gitignore, stdin_text=sys.stdin.read() if STDIN in paths else None,
        stdin_filename=stdin_filename, token=token, keep_sources=output_format == "full",
    )  # fmt: skip
    started = datetime.now(UTC)
    resolved = resolve_settings(request)
    run = check_paths(request, resolved)
    code = _exit_code(run, exit_zero=exit_zero, exit_non_zero_on_fix=exit_non_zero_on_fix, diff=diff)
    timing = (started, datetime.now(UTC))
    _print_run(
        run,
        code,
        timing,
        output_format=output_format,
        output_file=output_file,
        statistics=statistics,
        quiet=quiet or silent,
        silent=silent,
        show_fixes=show_fixes,
        unsafe_fixes=unsafe_fixes,
    )
    if verbose:
        for line in run.notes:
            click.echo(f"configlint: {visible(line)}", err=True)
    raise click.exceptions.Exit(code)


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
        _error(line)
    if not quiet:
        for path, reason in run.skipped:
            click.echo(f"configlint: warning: {visible(path)}: skipped, {reason}", err=True)
    if run.fixed_stdin is not None:
        click.echo(run.fixed_stdin, nl=False)  # --fix on stdin: the fixed text, as ruff does
        return
    if run.diffs:
        if not silent:
            click.echo("".join(run.diffs), nl=False)
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
        click.echo(_fixed_listing(run), nl=False)


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


def _fix_callback(**options: object) -> None:
    options["fix"] = True
    check.callback(**options)  # type: ignore[misc]


fix = click.Command(
    "fix",
    callback=_fix_callback,
    params=[param for param in check.params if param.name != "fix"],
    help="Apply safe fixes in place: the same as `configlint check --fix` (add --unsafe-fixes, --diff as needed).",
)
