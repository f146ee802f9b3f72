"""Command-line options declared once, as data, so that the hot path can read them without click.

Importing click costs about as much as starting Python itself, and ``configlint check FILE`` from
a pre-commit hook runs once per commit: its whole budget is a few times a bare interpreter. So a
command's options are :class:`OptionSpec` rows; :mod:`configlint.cli.options` turns each row into
a click option (help, usage errors, every spelling click accepts), and :func:`parse_options` reads
the ordinary command lines into the *same* parameters click would pass, without importing it.
Anything it is not sure about (``--help``, an unknown or bundled option, a value click validates
as a path, a bad choice) makes it return None, and the command goes through click as before.
"""

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Literal, NamedTuple

Kind = Literal["flag", "switch", "multiple", "value"]
"""``flag``: ``--x`` (False unless given); ``switch``: ``--x/--no-x`` (None unless given);
``multiple``: repeatable, a tuple; ``value``: one value, the last one given wins."""


class OptionSpec(NamedTuple):
    """One option as click declares it: names, what it takes, help.

    A named tuple, whose annotations are evaluated (this module has no ``from __future__ import
    annotations``): a dataclass, or a named tuple of string annotations (each compiled as a
    ``ForwardRef``), costs more to create at import than this reader saves."""

    dest: str
    flags: tuple[str, ...]
    kind: Kind
    help: str
    choices: tuple[str, ...] = ()
    default: str | None = None
    show_default: bool = False
    metavar: str | None = None
    hidden_aliases: tuple[str, ...] = ()
    """Long names still accepted but left out of ``--help`` (renamed options, kept for a release)."""
    path: Literal["", "file", "existing-file"] = ""
    """A file path click checks (not a directory; ``existing-file``: must exist); passed on as a :class:`Path`."""
    convert: Callable[[str, str], object] | None = None
    """``convert(value, flag)``: the parameter's value from the text (raising a ConfiglintError on a bad one)."""

    @property
    def negative_flags(self) -> tuple[str, ...]:
        """``--no-x`` for a switch ``--x``."""
        return tuple(f"--no-{flag[2:]}" for flag in self.flags if flag.startswith("--")) if self.kind == "switch" else ()

    def initial(self) -> object:
        """The parameter's value when the option is not given, as click passes it."""
        return {"flag": False, "switch": None, "multiple": ()}.get(self.kind, self.default)


def output_specs(formats: Sequence[str], default: str) -> tuple[OptionSpec, OptionSpec]:
    """``--output-format`` (alias ``--format``) and ``--output-file``/``-o`` (alias ``--output``), shared by every reporting command."""
    return (
        OptionSpec("output_format", ("--output-format", "--format"), "value", "Report format.", choices=tuple(formats),
                   default=default, show_default=True, hidden_aliases=("--format",)),
        OptionSpec("output_file", ("--output-file", "--output", "-o"), "value",
                   "Write the report here (atomically) instead of stdout.", hidden_aliases=("--output",), path="file"),
    )  # fmt: skip


def _major(library: str) -> Callable[[str, str], object]:
    def convert(value: str, flag: str) -> object:
        from configlint.targets import parse_major

        return parse_major(value, library, flag)

    return convert


TARGET_SPECS = (
    OptionSpec("target_transformers", ("--target-transformers",), "value", metavar="4|5", convert=_major("transformers"),
               help="The transformers major findings speak for [default: 5, or the settings' target-transformers]."),
    OptionSpec("target_sentence_transformers", ("--target-sentence-transformers",), "value", metavar="5|6",
               convert=_major("sentence-transformers"),
               help="The sentence-transformers major findings speak for [default: 6, or the settings' target-sentence-transformers]."),
)  # fmt: skip
"""``--target-transformers 4|5`` and ``--target-sentence-transformers 5|6`` (None: as the settings say)."""


def _by_flag(specs: Sequence[OptionSpec]) -> dict[str, tuple[OptionSpec, bool]]:
    """Every spelling of every option → (its spec, the value a flag or switch spelled so sets)."""
    table: dict[str, tuple[OptionSpec, bool]] = {}
    for spec in specs:
        table.update((flag, (spec, True)) for flag in spec.flags)
        table.update((flag, (spec, False)) for flag in spec.negative_flags)
    return table


def _path_value(spec: OptionSpec, value: str) -> Path | None:
    """The value as click's ``Path(dir_okay=False)`` would pass it, or None when click should judge it."""
    exists = os.path.exists(value)
    if spec.path == "existing-file" and not exists:
        return None
    if exists and (os.path.isdir(value) or not os.access(value, os.R_OK)):
        return None
    return Path(value)


def parse_options(specs: Sequence[OptionSpec], args: Sequence[str], *, positional: str) -> dict[str, object] | None:
    """The parameters click would pass for ``args`` (positionals, at least one, as a tuple under
    ``positional``), or None when this is a command line click must read: it decides help and errors."""
    table = _by_flag(specs)
    params: dict[str, object] = {spec.dest: spec.initial() for spec in specs}
    positionals: list[str] = []
    rest: Iterator[str] = iter(args)
    for arg in rest:
        if arg == "--":
            positionals.extend(rest)
            break
        if arg == "-" or not arg.startswith("-"):
            positionals.append(arg)
            continue
        name, equals, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        found = table.get(name)
        if found is None:
            return None
        spec, switched = found
        if spec.kind in ("flag", "switch"):
            if equals:
                return None
            params[spec.dest] = switched
            continue
        value = inline if equals else next(rest, None)
        if not value or (not equals and value.startswith("-")) or (spec.choices and value not in spec.choices):
            return None
        converted: object = value
        if spec.path:
            converted = _path_value(spec, value)
            if converted is None:
                return None
        elif spec.convert is not None:
            converted = spec.convert(value, name)
        if spec.kind == "multiple":
            params[spec.dest] = (*params[spec.dest], converted)  # type: ignore[misc]
        else:
            params[spec.dest] = converted
    if not positionals:
        return None
    params[positional] = tuple(positionals)
    return params
