"""The ``configlint`` command: parses arguments and calls the library, nothing more.

Exit codes follow ruff: 0 no finding at or above the failing severity, 1 findings, 2 usage
error, unreadable input or internal error. Every error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import sys

import click

from configlint import __version__
from configlint.cli.check import check, fix
from configlint.cli.info import env, rule, rules
from configlint.cli.load_report import load_report
from configlint.cli.migrate import migrate
from configlint.cli.schema import schema
from configlint.errors import ConfiglintError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="configlint")
def cli() -> None:
    """Lint, migrate and audit the config.json of BERT-family models."""


COMMANDS: tuple[click.Command, ...] = (check, fix, load_report, migrate, rule, rules, schema, env)
for _command in COMMANDS:
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: run the group and turn every failure into exit code 2."""
    try:
        returned = cli.main(args=argv, prog_name="configlint", standalone_mode=False)
    except click.Abort:
        click.echo("configlint: aborted", err=True)
        return 2
    except click.ClickException as error:
        error.show()
        return 2
    except ConfiglintError as error:
        click.echo(f"configlint: error: {error.one_line()}", err=True)
        return error.exit_code
    except BrokenPipeError:
        return 2
    except Exception as error:  # noqa: BLE001 - the promise is: never a traceback
        message = " ".join(f"{type(error).__name__}: {error}".split())
        click.echo(f"configlint: internal error: {message} (please report it with `configlint env`)", err=True)
        return 2
    # In non-standalone mode click returns the code of ``raise Exit(code)`` (or the command's None).
    return returned if isinstance(returned, int) else 0


def entry_point() -> None:
    sys.exit(main())
