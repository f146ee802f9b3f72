"""The ``configlint`` command: parses arguments and calls the library, nothing more.

Exit codes follow ruff: 0 no finding at or above the failing severity, 1 findings, 2 usage
error, unreadable input or internal error. Every error is one line on stderr, never a traceback.

``configlint check FILE...`` with ordinary options (what the pre-commit hooks run) is read by
:mod:`configlint.cli.arguments` and run without importing click, which costs about as much as
starting Python; everything else, ``--help`` and usage errors go through the click group in
:mod:`configlint.cli.group`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from configlint._lazy import lazy_exports
from configlint.cli.output import echo
from configlint.errors import ConfiglintError
from configlint.escaping import visible

__getattr__ = lazy_exports(__name__, {"cli": "configlint.cli.group", "COMMANDS": "configlint.cli.group"})


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: run the command and turn every failure into exit code 2."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(args)
    except ConfiglintError as error:
        echo(f"configlint: error: {error.one_line()}", err=True)
        return error.exit_code
    except BrokenPipeError:
        return 2
    except KeyboardInterrupt:  # what click's Abort says on its path; the click-free check path gets here
        echo("configlint: aborted", err=True)
        return 2
    except Exception as error:
        message = visible(" ".join(f"{type(error).__name__}: {error}".split()))
        echo(f"configlint: internal error: {message} (please report it with `configlint env`)", err=True)
        return 2


def _run(args: list[str]) -> int:
    if args[:1] == ["check"]:
        from configlint.cli.check_run import collector_paused

        with collector_paused():  # the check path's imports (see collector_paused)
            from configlint.cli.arguments import parse_options
            from configlint.cli.check_options import CHECK_OPTIONS

        params = parse_options(CHECK_OPTIONS, args[1:], positional="paths")
        if params is not None:
            from configlint.cli.check_run import run_check

            return run_check(**params)  # type: ignore[arg-type]
    from configlint.cli.group import run_click

    return run_click(args)


def entry_point() -> None:
    sys.exit(main())
