"""Options shared by every command, with one vocabulary (ruff's).

Every command that writes a report takes ``--output-format`` and ``--output-file``/``-o``. The
names used before (``--format``, ``--output``) still work for one release as hidden aliases:
they are accepted, but ``--help`` shows only the current name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class AliasedOption(click.Option):
    """An option whose extra long names are deprecated aliases, left out of ``--help``."""

    def __init__(self, *args: Any, aliases: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hidden_aliases = tuple(aliases)

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        shown = [name for name in self.opts if name not in self._hidden_aliases]
        saved = self.opts
        self.opts = shown
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = saved


def output_options(formats: Sequence[str], default: str) -> Callable[[F], F]:
    """``--output-format`` (alias ``--format``) and ``--output-file``/``-o`` (alias ``--output``)."""

    def decorate(function: F) -> F:
        function = click.option(
            "--output-file", "--output", "-o", "output_file", cls=AliasedOption, aliases=("--output",),
            type=click.Path(path_type=Path, dir_okay=False), help="Write the report here (atomically) instead of stdout.",
        )(function)  # fmt: skip
        function = click.option(
            "--output-format", "--format", "output_format", cls=AliasedOption, aliases=("--format",),
            type=click.Choice(list(formats)), default=default, show_default=True, help="Report format.",
        )(function)  # fmt: skip
        return function

    return decorate


def write_report(report: str, output_file: Path | None) -> None:
    """Print ``report``, or write it to ``output_file`` atomically (never half a report)."""
    if output_file is None:
        click.echo(report, nl=False)
        return
    from configlint.fixing import atomic_write

    atomic_write(output_file, report)
