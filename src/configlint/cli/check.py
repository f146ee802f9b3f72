"""``configlint check PATH...`` as a click command: its options come from
:data:`configlint.cli.check_options.CHECK_OPTIONS` and the work from :func:`configlint.cli.check_run.run_check`.

:func:`configlint.cli.main` runs the usual pre-commit command lines without this module (and
without click); this is the path for ``--help``, usage errors and every spelling click accepts.
"""

from __future__ import annotations

from typing import Any

import click

from configlint.cli.check_options import CHECK_OPTIONS
from configlint.cli.click_specs import click_options
from configlint.errors import ConfiglintError

__all__ = ["check", "fix", "remote_error_line"]


def remote_error_line(error: ConfiglintError) -> str:
    """Kept for the commands that print a Hub error themselves; see :func:`configlint.checking.remote_error_line`."""
    from configlint.checking import remote_error_line as line

    return line(error)


@click.command()
@click.argument("paths", nargs=-1)
@click_options(CHECK_OPTIONS)
def check(paths: tuple[str, ...], **options: Any) -> None:
    """Check config files and folders (the model configs in them) and Hub repos (org/name[@rev]); '-' reads stdin."""
    from configlint.cli.check_run import run_check

    if not paths:
        raise click.UsageError("give at least one file, folder or Hub repo to check ('-' for stdin)")
    raise click.exceptions.Exit(run_check(paths, **options))


def _fix_callback(**options: Any) -> None:
    options["fix"] = True
    check.callback(**options)  # type: ignore[misc]


fix = click.Command(
    "fix",
    callback=_fix_callback,
    params=[param for param in check.params if param.name != "fix"],
    help="Apply safe fixes in place: the same as `configlint check --fix` (add --unsafe-fixes, --diff as needed).",
)
