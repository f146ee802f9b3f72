"""Click options built from :class:`configlint.cli.arguments.OptionSpec` rows, so a command's
options are declared once and both click and the click-free reader agree on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from configlint.cli.arguments import OptionSpec
from configlint.cli.options import AliasedOption

F = TypeVar("F", bound=Callable[..., Any])


def _callback(spec: OptionSpec) -> Callable[[click.Context, click.Parameter, Any], Any] | None:
    convert = spec.convert
    if convert is None:
        return None
    flag = spec.flags[0]

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> object:
        return None if value is None else convert(value, flag)

    return callback


def click_option(spec: OptionSpec) -> Callable[[F], F]:
    """The click option ``spec`` describes."""
    kwargs: dict[str, Any] = {"help": spec.help}
    flags: tuple[str, ...] = spec.flags
    if spec.kind == "flag":
        kwargs["is_flag"] = True
    elif spec.kind == "multiple":
        kwargs["multiple"] = True
    elif spec.kind == "switch":
        flags = tuple(f"{flag}/{negative}" for flag, negative in zip(spec.flags, spec.negative_flags, strict=True))
        kwargs["default"] = None
    if spec.choices:
        kwargs["type"] = click.Choice(list(spec.choices))
    if spec.path:
        kwargs["type"] = click.Path(path_type=Path, dir_okay=False, exists=spec.path == "existing-file")
    if spec.default is not None:
        kwargs.update(default=spec.default, show_default=spec.show_default)
    if spec.metavar is not None:
        kwargs["metavar"] = spec.metavar
    if spec.hidden_aliases:
        kwargs.update(cls=AliasedOption, aliases=spec.hidden_aliases)
    if (callback := _callback(spec)) is not None:
        kwargs["callback"] = callback
    return click.option(*flags, spec.dest, **kwargs)


def click_options(specs: Sequence[OptionSpec]) -> Callable[[F], F]:
    """A decorator adding every option of ``specs``, in that order in ``--help``."""

    def decorate(function: F) -> F:
        for spec in reversed(specs):
            function = click_option(spec)(function)
        return function

    return decorate
