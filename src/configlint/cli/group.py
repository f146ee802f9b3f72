"""The click group behind ``configlint``: commands are imported only when they run, so a
``check`` does not pay for migrations or checkpoint code."""

from __future__ import annotations

import importlib
import sys
from typing import IO, TextIO, cast

import click

from configlint import __version__
from configlint.escaping import visible

COMMANDS: dict[str, str] = {
    "check": "configlint.cli.check:check",
    "fix": "configlint.cli.check:fix",
    "load-report": "configlint.cli.load_report:load_report",
    "migrate": "configlint.cli.migrate:migrate",
    "rule": "configlint.cli.info:rule",
    "rules": "configlint.cli.info:rules",
    "schema": "configlint.cli.schema:schema",
    "env": "configlint.cli.info:env",
    "audit": "configlint.cli.audit:audit",
}
"""The explicit command table: name → ``module:attribute``."""


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="configlint")
def cli() -> None:
    """Lint, migrate and audit the config.json of BERT-family models."""


def run_click(args: list[str]) -> int:
    """Run ``args`` through click; its own failures (usage errors, aborts) become exit code 2."""
    try:
        returned = cli.main(args=args, prog_name="configlint", standalone_mode=False)
    except click.Abort:
        click.echo("configlint: aborted", err=True)
        return 2
    except click.ClickException as error:
        error.show(file=cast(IO[str], _VisibleStream(sys.stderr)))  # a value or path in the message may hold control characters
        return 2
    # In non-standalone mode click returns the code of ``raise Exit(code)`` (or the command's None).
    return returned if isinstance(returned, int) else 0


class _VisibleStream:
    """Writes to ``stream`` with every control character but the newline shown as an escape."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write("\n".join(visible(line) for line in text.split("\n")))

    def flush(self) -> None:
        self._stream.flush()
