"""Check many files, folders and Hub repos: the orchestration behind ``configlint check``.

The CLI parses options into a :class:`CheckRequest` and prints the :class:`CheckRun` it gets
back; everything in between (which files are model configs, settings, fixes, diffs, remote
repos) lives here so that the command line, the Python API and the audit share it.
"""

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from configlint.diagnostics import Applicability, Diagnostic, Severity
from configlint.discovery import DEFAULT_EXCLUDE, FileFilter, discover, first_skip_reasons, is_model_folder, skip_reason
from configlint.errors import ConfiglintError, InputError
from configlint.selection import Selection
from configlint.settings import Settings, SettingsResolver

if TYPE_CHECKING:
    from configlint.context import CheckpointRead
    from configlint.document import ConfigDocument
    from configlint.extend_schema import ExtendSchema
    from configlint.hub.source import RemoteSource

STDIN = "-"


class CheckRequest(NamedTuple):
    """What to check and how; ``None`` means "as the settings say".

    The types of this module are named tuples and a plain class, not dataclasses: a pre-commit
    ``check`` imports this module every time, and creating a dataclass costs about a tenth of a
    bare interpreter start (its methods are compiled from source at import)."""

    paths: Sequence[str]
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    config_file: Path | None = None
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool | None = None
    respect_gitignore: bool | None = None
    stdin_text: str | None = None
    stdin_filename: str | None = None
    token: str | None = None
    keep_sources: bool = False
    """Keep each checked file's text in :attr:`CheckRun.sources` (the ``full`` format shows source lines)."""
    target_transformers: int | None = None
    target_sentence_transformers: int | None = None
    """The majors findings speak for (``--target-*``); None: as the settings say."""


class ResolvedSettings(NamedTuple):
    """The settings of one run, with the command line applied: :func:`resolve_settings`."""

    settings: Settings
    selection: Selection
    fail_on: Severity
    file_filter: FileFilter
    extend_schema: "ExtendSchema | None" = None


class CheckRun:
    """Everything a check found; the CLI formats it and picks the exit code."""

    __slots__ = (
        "diagnostics",
        "files",
        "errors",
        "skipped",
        "fixed",
        "fixed_files",
        "diffs",
        "fixed_stdin",
        "fail_on",
        "notes",
        "sources",
    )

    def __init__(self, *, fail_on: Severity = Severity.WARNING) -> None:
        self.fail_on = fail_on
        self.diagnostics: list[Diagnostic] = []
        self.files: list[str] = []
        self.errors: list[str] = []
        """One line each: inputs that could not be checked at all (exit code 2)."""
        self.skipped: list[tuple[str, str]] = []
        """Files named on the command line that are not model configs, with the reason."""
        self.fixed: Counter[str] = Counter()
        """Applied fixes per rule code."""
        self.fixed_files = 0
        self.diffs: list[str] = []
        self.fixed_stdin: str | None = None
        self.notes: list[str] = []
        """What ``--verbose`` prints: Hub requests and bytes per remote source."""
        self.sources: dict[str, str] = {}
        """Checked files' texts by path, when :attr:`CheckRequest.keep_sources` asked for them."""

    @property
    def failing(self) -> bool:
        return any(d.severity >= self.fail_on for d in self.diagnostics)

    @property
    def would_change(self) -> bool:
        return bool(self.diffs)


def _codes(values: Sequence[str]) -> tuple[str, ...]:
    """Accept both ``--select P,L`` and ``--select P --select L``."""
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def resolve_settings(request: CheckRequest, start: Path | None = None) -> ResolvedSettings:
    """The settings file (``--config`` or the project's pyproject.toml) with the command line on top,
    validated: an unknown selector names the settings file or the option it came from."""
    from configlint.rules import RULES_BY_CODE

    settings = SettingsResolver(request.config_file, start).settings
    settings.selection.validate(RULES_BY_CODE, source=settings.source)
    Selection(
        select=_codes(request.select) or None, extend_select=_codes(request.extend_select), ignore=_codes(request.ignore)
    ).validate(RULES_BY_CODE, source="command line")
    base = settings.selection
    selection = base._replace(
        select=_codes(request.select) or base.select,
        extend_select=base.extend_select + _codes(request.extend_select),
        ignore=base.ignore + _codes(request.ignore),
        targets=base.targets.with_overrides(request.target_transformers, request.target_sentence_transformers),
    )
    exclude = settings.exclude if settings.exclude is not None else DEFAULT_EXCLUDE
    file_filter = FileFilter(
        exclude=tuple(request.exclude) or exclude,
        extend_exclude=settings.extend_exclude + tuple(request.extend_exclude),
        force_exclude=settings.force_exclude if request.force_exclude is None else request.force_exclude,
        respect_gitignore=settings.respect_gitignore if request.respect_gitignore is None else request.respect_gitignore,
        root=settings.root or Path.cwd(),
    )
    schema = None
    if settings.extend_schema is not None:
        from configlint.extend_schema import load_extend_schema

        schema = load_extend_schema(settings.extend_schema, settings.source or "settings")
    return ResolvedSettings(settings, selection, request.fail_on or settings.fail_on, file_filter, schema)


def split_sources(arguments: Sequence[str]) -> tuple[list[str], list["RemoteSource"]]:
    """Local paths and Hub repos: an argument is remote only when it is not a path and parses as a repo id.

    An existing path, ``-`` and a name ending in ``.json`` (a file the user means, even when it
    is missing) are local without asking the Hub code, so a pre-commit run never imports it."""
    local: list[str] = []
    remote: list[RemoteSource] = []
    for argument in arguments:
        if argument == STDIN or argument.endswith(".json") or os.path.lexists(argument):
            local.append(argument)
            continue
        from configlint.hub.source import parse_remote

        source = parse_remote(argument)
        if source is None:
            local.append(argument)
        else:
            remote.append(source)
    return local, remote


def check_paths(request: CheckRequest, resolved: ResolvedSettings | None = None) -> CheckRun:
    """Check every argument of ``request``; never raises for a bad input (it becomes an error line)."""
    resolved = resolved or resolve_settings(request)
    run = CheckRun(fail_on=resolved.fail_on)
    local, remote = split_sources(request.paths)
    if remote and (request.fix or request.diff):
        raise InputError(f"--fix and --diff change local files; {remote[0]} is a Hub repo")
    if remote:
        _check_remote(remote, resolved, request, run)
    if STDIN in local:
        local = [path for path in local if path != STDIN]
        _check_stdin(request, resolved, run)
    found = discover(local, resolved.file_filter)
    run.errors.extend(f"{problem.source}: {problem.message}" for problem in found.problems)
    checked_per_argument: Counter[str] = Counter()
    skipped_per_argument: dict[str, list[tuple[Path, str]]] = {}
    for item in found.files:
        try:
            document = _read(item.path, resolved.settings.max_config_bytes)
        except InputError as error:
            run.errors.append(error.one_line())
            checked_per_argument[item.argument] += 1  # reported already: not also "no model config found"
            continue
        reason = skip_reason(document, in_model_folder=is_model_folder(item.path.parent))
        if reason is not None:
            skipped_per_argument.setdefault(item.argument, []).append((item.path, reason))
            if item.named and not resolved.file_filter.force_exclude:
                run.skipped.append((str(item.path), reason))
            continue
        checked_per_argument[item.argument] += 1
        _check_document(document, item.path, resolved, request, run)
    failed = {problem.source for problem in found.problems}
    for argument in dict.fromkeys(local):
        if argument not in failed and _is_dir(argument) and not checked_per_argument[argument]:
            skipped = skipped_per_argument.get(argument, [])
            why = f" ({first_skip_reasons(skipped)})" if skipped else ""
            run.errors.append(f"{argument}: no model config found in this folder{why}")
    return run


def _is_dir(path: str) -> bool:
    try:
        return Path(path).is_dir()
    except OSError:
        return False


def _read(path: Path, max_bytes: int | None) -> "ConfigDocument":
    from configlint.document import MAX_CONFIG_BYTES, read_document

    return read_document(path, max_bytes=max_bytes or MAX_CONFIG_BYTES)


REMOTE_CONCURRENCY = 8
"""Hub repos of one ``check`` read at the same time (each is a few small requests, latency-bound)."""


def _check_remote(sources: Sequence["RemoteSource"], resolved: ResolvedSettings, request: CheckRequest, run: CheckRun) -> None:
    """Inspect the Hub repos concurrently with the audit's worker pool, and report them in argument order.

    Nothing is retried (one try each, as for a single repo): a rate limit is the user's to see.
    Several repos of one author are resolved by one model listing, as in an audit."""
    from configlint.audit.batching import HubInspector
    from configlint.audit.retry import RetryPolicy
    from configlint.audit.runner import inspect_concurrently

    inspector = HubInspector(
        token=request.token, selection=resolved.selection, use_cache=True, policy=RetryPolicy(max_attempts=1)
    )
    outcomes = dict(
        inspect_concurrently(
            sources, inspector, concurrency=REMOTE_CONCURRENCY, policy=RetryPolicy(max_attempts=1), resolve=inspector.resolve
        )
    )
    for index, source in enumerate(sources):
        outcome = outcomes[index]
        if outcome.inspection is None:
            error = outcome.error
            if not isinstance(error, ConfiglintError):  # HubError: missing, gated, rate limited...
                raise error  # type: ignore[misc]  # a bug: shown as the internal error it is
            run.errors.append(remote_error_line(error))
            continue
        run.files.append(f"{source}/config.json")
        run.diagnostics.extend(outcome.inspection.diagnostics)
        run.notes.append(outcome.inspection.model.cost())


def remote_error_line(error: ConfiglintError) -> str:
    """The one-line error for a Hub source. A HubError about an ``org/name`` that is not a local path
    says so itself (:data:`configlint.hub.errors.NOT_LOCAL`), whatever failed, so nothing is added here."""
    return error.one_line()


def _check_stdin(request: CheckRequest, resolved: ResolvedSettings, run: CheckRun) -> None:
    """``-``: the config text on standard input, named ``--stdin-filename`` in messages (editors, LSP)."""
    from configlint.document import parse_document

    name = request.stdin_filename or "<stdin>"
    document = parse_document(request.stdin_text or "", name)
    path = Path(name)
    folder = path.parent if request.stdin_filename and path.parent.is_dir() else None
    outcome = _lint_and_fix(document, folder, resolved, request, ignores=resolved.settings.ignores_for(path))
    run.files.append(name)
    run.diagnostics.extend(outcome.diagnostics)
    if request.fix:
        run.fixed_stdin = outcome.text
        run.fixed.update(outcome.fixed)
    elif request.diff and outcome.text != document.text:
        run.diffs.append(unified_diff(document.text, outcome.text, name))


def _check_document(
    document: "ConfigDocument", path: Path, resolved: ResolvedSettings, request: CheckRequest, run: CheckRun
) -> None:
    outcome = _lint_and_fix(document, path.parent, resolved, request, ignores=resolved.settings.ignores_for(path))
    run.files.append(str(path))
    if request.keep_sources:
        run.sources[document.path] = document.text
    run.diagnostics.extend(outcome.diagnostics)
    if outcome.text == document.text:
        return
    if request.diff:
        run.diffs.append(unified_diff(document.text, outcome.text, str(path)))
    elif request.fix:
        from configlint.fixing import atomic_write

        try:
            atomic_write(path, outcome.text)
        except ConfiglintError as error:
            run.errors.append(error.one_line())
            return
        run.fixed.update(outcome.fixed)
        run.fixed_files += 1


class _Outcome(NamedTuple):
    diagnostics: list[Diagnostic]
    text: str
    fixed: Counter[str]


def _lint_and_fix(
    document: "ConfigDocument",
    folder: Path | None,
    resolved: ResolvedSettings,
    request: CheckRequest,
    *,
    ignores: tuple[str, ...],
) -> _Outcome:
    from configlint.engine import build_context, lint_context

    weights: CheckpointRead | None = None  # read by the first pass that needs them, reused by the next

    def lint(doc: "ConfigDocument") -> list[Diagnostic]:
        nonlocal weights
        context = build_context(doc, folder, weights, extend_schema=resolved.extend_schema)
        diagnostics = lint_context(context, selection=resolved.selection, extra_ignores=ignores)
        weights = weights or context.checkpoint_if_read()
        return diagnostics

    if not (request.fix or request.diff):
        return _Outcome(lint(document), document.text, Counter())
    from configlint.fixing import fix_document

    before = lint(document)
    result = fix_document(document, lint, unsafe=request.unsafe_fixes)
    remaining = {(d.code, d.pointer) for d in result.diagnostics}
    allowed = {Applicability.SAFE, Applicability.UNSAFE} if request.unsafe_fixes else {Applicability.SAFE}
    fixed = Counter(
        d.code for d in before if d.fix is not None and d.fix.applicability in allowed and (d.code, d.pointer) not in remaining
    )
    return _Outcome(result.diagnostics, result.text, fixed if result.text != document.text else Counter())


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff for a terminal: control characters inside a line are shown escaped
    (:func:`configlint.escaping.visible`), so a hostile value cannot act on the reader's terminal."""
    import difflib

    from configlint.escaping import visible

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{name}", tofile=f"b/{name}"
    )
    shown = []
    for line in lines:
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        shown.append(visible(body) + ending if ending else visible(body) + "\n\\ No newline at end of file\n")
    return "".join(shown)
