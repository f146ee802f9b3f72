"""``configlint audit``: lint and load-report many Hub repos into a resumable SQLite file, then report.

``configlint audit [REPO...] [--from FILE] [--author A --search S --model-type T --limit N]`` runs an
audit; ``configlint audit report --db FILE`` regenerates a report from a database without the network;
``configlint audit merge OUT IN...`` combines the databases of ``--shard K/N`` jobs. Exit codes: 0 when
no audited model has a finding at or above ``--fail-on``, 1 when one has, 2 on usage errors, 130
when interrupted (everything finished so far is stored; rerun the same command to resume).
Models that cannot be read are recorded with their error kind and reported, and do not stop the
audit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from configlint.audit.report import FORMATS, MACHINE_FORMATS
from configlint.cli.options import F, output_options, write_report
from configlint.diagnostics import Severity
from configlint.hub.transfer import DEFAULT_TIMEOUT
from configlint.schema.detection import FAMILIES

if TYPE_CHECKING:
    from configlint.audit.batching import HubInspector
    from configlint.audit.record import AuditRecord
    from configlint.audit.store import AuditStore
    from configlint.hub.source import RemoteSource
    from configlint.selection import Selection

DEFAULT_DB = "configlint-audit.sqlite"
INTERRUPTED = 130


class _AuditGroup(click.Group):
    """Runs ``run`` unless the first argument names another subcommand (repo ids contain a ``/``)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = ["run", *args]
        return super().parse_args(ctx, args)


def _report_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options every command that prints a report shares."""
    options = [
        output_options(FORMATS, "table"),
        click.option("--fail-on", type=click.Choice([s.value for s in Severity]), help="Lowest severity that makes the exit code 1 [default: warning, or fail-on in pyproject.toml]."),
        click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Worst offenders listed in summaries."),
        click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False, exists=True), help="A pyproject.toml to use instead of the nearest one."),
        click.option("--step-summary", type=click.Path(path_type=Path, dir_okay=False), envvar="GITHUB_STEP_SUMMARY", help="Also append the Markdown report to this file [default: $GITHUB_STEP_SUMMARY, GitHub Actions' job summary, when set]."),
    ]  # fmt: skip
    for option in reversed(options):
        function = option(function)
    return function


@click.group("audit", cls=_AuditGroup, context_settings={"help_option_names": ["-h", "--help"]})
def audit() -> None:
    """Audit many Hub models into a resumable SQLite database, and report on it.

    `configlint audit [REPO...] [OPTIONS]` is `configlint audit run`; see `configlint audit run --help`.
    """


def _db_option(help_text: str) -> Callable[[F], F]:
    """``--db``, the SQLite results file every audit command reads or writes."""
    return click.option(
        "--db", "db_path", type=click.Path(path_type=Path, dir_okay=False), default=DEFAULT_DB, show_default=True, help=help_text
    )


@audit.command("run")
@click.argument("repos", nargs=-1)
@click.option(
    "--from",
    "lists",
    multiple=True,
    metavar="FILE",
    help="A list of repos, one org/name[@rev] per line, # comments ('-': stdin).",
)
@click.option("--author", help="Query the Hub: models of this user or organisation.")
@click.option("--search", help="Query the Hub: models whose id contains this text.")
@click.option(
    "--model-type", type=click.Choice(FAMILIES), help="Query the Hub: models of this family (config model_type, else tag)."
)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many models from the Hub query.")
@_db_option("SQLite results file; an existing one is resumed.")
@click.option(
    "--concurrency",
    "-j",
    type=click.IntRange(min=1, max=256),
    default=8,
    show_default=True,
    help="Repos fetched at the same time.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    help="Processes that fetch and lint, each with its share of --concurrency "
    "[default: 1 below 500 models or on up to 2 CPUs, else one per CPU but one, at most 4 and one per 250 models].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds to wait for each Hub answer; a timeout is retried like a network error.",
)
@click.option(
    "--max-attempts",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Tries per repo on 429, 5xx and network errors.",
)
@click.option("--shard", metavar="K/N", help="Audit only shard K of N (1-based; stable hash of the repo id), for CI matrices.")
@click.option("--refresh", is_flag=True, help="Fetch again models the database already holds.")
@click.option("--retry-errors", is_flag=True, help="Fetch again models stored with an error.")
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable (replaces the default set).")
@click.option("--extend-select", multiple=True, help="Rule codes or prefixes to enable in addition.")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable.")
@click.option("--token", help="Hub token [default: HF_TOKEN, then the stored login].")
@click.option(
    "--cache",
    "use_cache",
    is_flag=True,
    help="Read and fill configlint's Hub cache (worth it when re-auditing unchanged commits with --refresh).",
)
@click.option("--no-progress", is_flag=True, help="No progress line on stderr (it is shown only on a terminal anyway).")
@_report_options
def run(
    repos: tuple[str, ...], lists: tuple[str, ...], author: str | None, search: str | None, model_type: str | None,
    limit: int | None, db_path: Path, concurrency: int, workers: int | None, timeout: float, max_attempts: int,
    shard: str | None, refresh: bool,
    retry_errors: bool, select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
    token: str | None, use_cache: bool, no_progress: bool, output_format: str, output_file: Path | None,
    fail_on: str | None, top: int, config_file: Path | None, step_summary: Path | None,
) -> None:  # fmt: skip
    """Audit Hub models (arguments, --from lists, or a Hub query) into --db, then report on them.

    An interrupted audit resumes where it stopped: models already in the database are not fetched
    again (see --refresh, --retry-errors). Also: `configlint audit report --db FILE` and
    `configlint audit merge OUT.sqlite IN.sqlite...`.
    """
    from configlint.audit.record import revision_key
    from configlint.audit.retry import RetryPolicy
    from configlint.audit.runner import hub_inspector, run_audit
    from configlint.audit.runs import begin_run, describe_targets, finish_run
    from configlint.audit.store import AuditStore
    from configlint.audit.targets import Shard, unique

    selection, fail_level = _settings(config_file, fail_on, select, extend_select, ignore)
    chosen = Shard.parse(shard) if shard else None
    inspect = hub_inspector(token=token, selection=selection, use_cache=use_cache, timeout=timeout)
    targets = list(unique(_targets(repos, lists, author, search, model_type, limit, token, inspect), chosen))
    keys = {revision_key(t) for t in targets}
    with AuditStore(db_path) as store:
        store.claim_selection(_fingerprint(selection))
        asked = describe_targets(repos, lists, {"author": author, "search": search, "model_type": model_type, "limit": limit})
        current = begin_run(store, asked, shard=str(chosen) if chosen else None, fail_on=fail_level)
        progress = _progress(no_progress, output_format)
        try:
            stats = run_audit(
                targets, store, inspect, concurrency=concurrency, policy=RetryPolicy(max_attempts=max_attempts),
                refresh=refresh, retry_errors=retry_errors, resolve=inspect.resolve, workers=workers,
                on_start=progress.start if progress else None, on_record=progress.update if progress else None,
            )  # fmt: skip
        except KeyboardInterrupt:
            if progress:
                progress.finish()
            click.echo(
                f"configlint: audit interrupted; {store.count()} results are stored in {db_path}: run the same command to resume",
                err=True,
            )
            raise click.exceptions.Exit(INTERRUPTED) from None
        if progress:
            progress.finish(stats)
        finish_run(store, current)
        where = f" (shard {chosen})" if chosen else ""
        click.echo(
            f"configlint: {stats.total} models{where}: {stats.done} audited ({stats.errors} unreadable, "
            f"{stats.retries} retries), {stats.skipped} already in {db_path}",
            err=True,
        )
        _report(store, keys, output_format, output_file, fail_level, top, step_summary)


@audit.command("report")
@_db_option("SQLite results file of an audit.")
@_report_options
def report(
    db_path: Path,
    output_format: str,
    output_file: Path | None,
    fail_on: str | None,
    top: int,
    config_file: Path | None,
    step_summary: Path | None,
) -> None:
    """Report on every model of an audit database, without fetching anything."""
    from configlint.audit.store import AuditStore

    _, fail_level = _settings(config_file, fail_on, (), (), ())
    with AuditStore(db_path, create=False) as store:
        _report(store, None, output_format, output_file, fail_level, top, step_summary)


@audit.command("merge")
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
def merge(output: Path, inputs: tuple[Path, ...]) -> None:
    """Merge audit databases (e.g. of --shard jobs) into OUTPUT; a success beats an error, else the newest wins."""
    from configlint.audit.store import merge_stores

    total = merge_stores(output, inputs)
    click.echo(f"configlint: merged {len(inputs)} databases: {total} models in {output}", err=True)


# -- helpers -----------------------------------------------------------------------------------


def _settings(
    config_file: Path | None,
    fail_on: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> tuple[Selection, Severity]:
    """Rule selection and failing level: options over the project's ``[tool.configlint]``, as for ``check``
    (and never a Hub repo's own settings)."""
    from configlint.checking import CheckRequest, resolve_settings

    request = CheckRequest(
        paths=(),
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        fail_on=Severity(fail_on) if fail_on else None,
        config_file=config_file,
    )
    resolved = resolve_settings(request)
    return resolved.selection, resolved.fail_on


def _fingerprint(selection: Selection) -> str:
    """The part of a selection that changes which findings a Hub repo gets (per-file ignores do not apply)."""
    import json

    return json.dumps({"select": selection.select, "extend_select": selection.extend_select, "ignore": selection.ignore})


def _targets(
    repos: tuple[str, ...], lists: tuple[str, ...], author: str | None, search: str | None,
    model_type: str | None, limit: int | None, token: str | None, inspector: HubInspector,
) -> list[RemoteSource]:  # fmt: skip
    """The repos to audit; a Hub query's listing is handed to ``inspector``, so its models need no
    model-info request (listed ids are resolved later, by author, in :meth:`HubInspector.resolve`)."""
    from configlint.audit.targets import from_arguments, read_list_file

    targets = from_arguments(repos)
    for path in lists:
        targets += read_list_file(path)
    if author or search or model_type:
        from configlint.audit.query import query_listed
        from configlint.hub.source import RemoteSource

        listed = query_listed(author=author, search=search, model_type=model_type, limit=limit, token=token)
        inspector.remember(listed)
        targets += [RemoteSource(model.repo_id) for model in listed]
    elif limit is not None:
        raise click.UsageError("--limit applies to a Hub query: add --author, --search or --model-type")
    if not (repos or lists or author or search or model_type):
        raise click.UsageError(
            "give repos to audit: org/name[@rev] arguments, --from FILE, or a Hub query (--author, --search, --model-type)"
        )
    return targets


def _progress(disabled: bool, output_format: str) -> Any:
    """On a terminal, a line redrawn in place (not under a machine-readable report on the same
    terminal); without one (CI), a summary line every 30 s so a long audit does not look hung."""
    if disabled:
        return None
    interactive = sys.stderr.isatty()
    if interactive and output_format in MACHINE_FORMATS:
        return None
    from configlint.audit.progress import Progress

    return Progress(sys.stderr, interactive=interactive)


def _report(
    store: AuditStore, keys: set[tuple[str, str]] | None, output_format: str, output: Path | None, fail_level: Severity,
    top: int, step_summary: Path | None,
) -> None:  # fmt: skip
    from configlint.audit.report import render_report
    from configlint.audit.runs import report_context
    from configlint.audit.summary import summarize

    records: Sequence[AuditRecord] = list(store.records(keys))
    summary = summarize(records, fail_on=fail_level, top=top)
    context = report_context(store)
    write_report(render_report(output_format, records, summary, context), output)
    if step_summary is not None:
        from configlint.audit.report.step_summary import append_step_summary

        append_step_summary(step_summary, render_report("markdown", records, summary, context))
    if summary.unreadable:
        # Like an unreadable file for `check`: the verdict is incomplete, so the run is not a pass.
        click.echo(
            f"configlint: error: {summary.unreadable} of {summary.models} models could not be read (see the report's errors)",
            err=True,
        )
        raise click.exceptions.Exit(2)
    raise click.exceptions.Exit(summary.exit_code)
