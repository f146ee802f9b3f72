"""``configlint check PATH...``: lint files and folders, optionally fix them."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from configlint.diagnostics import Diagnostic, Severity
from configlint.reporters import FORMATTERS, RunResult, format_statistics, get_formatter
from configlint.selection import Selection
from configlint.settings import Settings, SettingsResolver

if TYPE_CHECKING:
    from configlint.errors import ConfiglintError
    from configlint.hub.source import RemoteSource


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept both ``--select P,L`` and ``--select P --select L``."""
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def merge_selection(settings: Settings, select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...]) -> Selection:
    base = settings.selection
    return replace(
        base,
        select=_codes(select) or base.select,
        extend_select=base.extend_select + _codes(extend_select),
        ignore=base.ignore + _codes(ignore),
    )


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable (replaces the default set).")
@click.option("--extend-select", multiple=True, help="Rule codes or prefixes to enable in addition.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable.")
@click.option("--output-format", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True)
@click.option("--output-file", "-o", type=click.Path(path_type=Path), help="Write the report here instead of stdout.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print a count per rule instead of each finding.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that change the model transformers builds.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when a file was fixed, even if nothing remains (pre-commit).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False, exists=True), help="A pyproject.toml to use instead of the nearest one.")
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
    diff: bool,
    exit_non_zero_on_fix: bool,
    config_file: Path | None,
    token: str | None,
    verbose: bool,
) -> None:
    """Check config files (folders are searched for config.json and *config*.json) and Hub repos (org/name[@rev])."""
    from configlint.discovery import discover
    from configlint.errors import ConfiglintError, InputError
    from configlint.rules import RULES_BY_CODE

    if not paths:
        raise click.UsageError("give at least one file, folder or Hub repo to check")
    local, remote = split_sources(paths)
    if remote and (fix or diff):
        raise click.UsageError(f"--fix and --diff change local files; {remote[0]} is a Hub repo")
    resolver = SettingsResolver(config_file)
    diagnostics: list[Diagnostic] = []
    files: list[str] = []
    failed = 0
    fixed_files = 0
    fixed = 0
    failing = False
    for source in remote:
        settings = resolver.for_file(Path.cwd() / "config.json")
        selection = merge_selection(settings, select, extend_select, ignore)
        selection.validate(RULES_BY_CODE)
        try:
            found = _check_remote(source, selection, token=token, verbose=verbose)
        except ConfiglintError as error:  # HubError: missing, gated, rate limited...
            click.echo(f"configlint: error: {remote_error_line(error)}", err=True)
            failed += 1
            continue
        files.append(f"{source}/config.json")
        diagnostics.extend(found)
        failing = failing or any(d.severity >= Severity(fail_on or settings.fail_on) for d in found)
    for path in discover(local):
        settings = resolver.for_file(path)
        selection = merge_selection(settings, select, extend_select, ignore)
        selection.validate(RULES_BY_CODE)
        fail_level = Severity(fail_on) if fail_on else settings.fail_on
        try:
            outcome = _check_one(path, selection, settings.ignores_for(path), fix=fix, unsafe=unsafe_fixes, diff=diff)
        except InputError as error:
            click.echo(f"configlint: error: {error.one_line()}", err=True)
            failed += 1
            continue
        files.append(str(path))
        diagnostics.extend(outcome.diagnostics)
        failing = failing or any(d.severity >= fail_level for d in outcome.diagnostics)
        fixed += outcome.applied
        fixed_files += outcome.applied > 0
    result = RunResult(diagnostics=diagnostics, files=files, fixed=fixed)
    report = format_statistics(result) if statistics else get_formatter(output_format)(result)
    if output_file is not None:
        from configlint.fixing import atomic_write

        atomic_write(output_file, report)
    elif not diff:
        click.echo(report, nl=False)
    if failed:
        raise click.exceptions.Exit(2)
    if exit_zero:
        raise click.exceptions.Exit(0)
    if exit_non_zero_on_fix and fixed_files:
        raise click.exceptions.Exit(1)
    raise click.exceptions.Exit(1 if failing else 0)


def split_sources(arguments: tuple[str, ...]) -> tuple[list[str], list[RemoteSource]]:
    """Local paths and Hub repos: an argument is remote only when it is not a path and parses as a repo id."""
    from configlint.hub.source import parse_remote

    local: list[str] = []
    remote: list[RemoteSource] = []
    for argument in arguments:
        source = parse_remote(argument)
        if source is None:
            local.append(argument)
        else:
            remote.append(source)
    return local, remote


def remote_error_line(error: ConfiglintError) -> str:
    """The one-line error for a Hub source; a repo that does not exist may well be a mistyped local path."""
    line = error.one_line()
    return f"{line}; nor is it a local file or folder" if getattr(error, "kind", None) == "not-found" else line


def _check_remote(source: RemoteSource, selection: Selection, *, token: str | None, verbose: bool) -> list[Diagnostic]:
    from configlint.hub.inspect import inspect_remote

    inspection = inspect_remote(source, token=token, selection=selection)
    if verbose:
        click.echo(f"configlint: {inspection.model.cost()}", err=True)
    return inspection.diagnostics


class _Outcome:
    def __init__(self, diagnostics: list[Diagnostic], applied: int) -> None:
        self.diagnostics = diagnostics
        self.applied = applied


def _check_one(path: Path, selection: Selection, extra_ignores: tuple[str, ...], *, fix: bool, unsafe: bool, diff: bool) -> _Outcome:
    from configlint.context import CheckpointRead
    from configlint.document import ConfigDocument, read_document
    from configlint.engine import build_context, lint_context

    document = read_document(path)
    weights: CheckpointRead | None = None  # read by the first pass that needs them, reused by the next

    def lint(doc: ConfigDocument) -> list[Diagnostic]:
        nonlocal weights
        context = build_context(doc, path.parent, weights)
        diagnostics = lint_context(context, selection=selection, extra_ignores=extra_ignores)
        weights = weights or context.checkpoint_if_read()
        return diagnostics

    if not (fix or diff):
        return _Outcome(lint(document), 0)
    from configlint.fixing import atomic_write, fix_document

    result = fix_document(document, lint, unsafe=unsafe)
    if result.text != document.text:
        if diff:
            click.echo("".join(_unified_diff(document.text, result.text, str(path))), nl=False)
        else:
            atomic_write(path, result.text)
    applied = 0 if diff else result.applied
    return _Outcome(result.diagnostics, applied)


def _unified_diff(before: str, after: str, name: str) -> list[str]:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{name}", tofile=f"b/{name}"
    )
    return [line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines]


def _fix_callback(**options: object) -> None:
    options["fix"] = True
    check.callback(**options)  # type: ignore[misc]


fix = click.Command(
    "fix",
    callback=_fix_callback,
    params=[param for param in check.params if param.name != "fix"],
    help="Apply safe fixes in place: the same as `configlint check --fix` (add --unsafe-fixes, --diff as needed).",
)
