"""The ``configlint`` command: parses arguments and calls the library, nothing more.

Exit codes follow ruff: 0 no finding at or above the failing severity, 1 findings, 2 usage
error, unreadable input or internal error. Every error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import IO, TextIO, cast

import click

from configlint import __version__
from configlint.errors import ConfiglintError
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
"""The explicit command table: name → ``module:attribute``, imported only when that command runs,
so a pre-commit ``check`` does not pay for migrations or checkpoint code."""


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


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: run the group and turn every failure into exit code 2."""
    try:
        returned = cli.main(args=argv, prog_name="configlint", standalone_mode=False)
    except click.Abort:
        click.echo("configlint: aborted", err=True)
        return 2
    except click.ClickException as error:
        error.show(file=cast(IO[str], _VisibleStream(sys.stderr)))  # a value or path in the message may hold control characters
        return 2
    except ConfiglintError as error:
        click.echo(f"configlint: error: {error.one_line()}", err=True)
        return error.exit_code
    except BrokenPipeError:
        return 2
    except Exception as error:
        message = visible(" ".join(f"{type(error).__name__}: {error}".split()))
        click.echo(f"configlint: internal error: {message} (please report it with `configlint env`)", err=True)
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


def entry_point() -> None:
    sys.exit(main())
