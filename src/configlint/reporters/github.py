"""GitHub Actions workflow commands: one ``::error file=…,line=…,col=…,title=…::message`` per finding.

The runner turns each command line into an annotation on the pull request's diff, so this
format needs no upload step. The runner parses a command up to the end of its line and splits
properties on ``,`` and the property list from the message on ``::``; the escaping below is
character for character what ``@actions/core`` does (``packages/core/src/command.ts`` in
actions/toolkit: ``escapeData`` and ``escapeProperty``), so a message with a newline or a file
name with a comma cannot break or forge a command.

Before that, every control character is made visible (:func:`configlint.escaping.visible`):
the runner does not act on ESC or BEL, but the log viewer renders ANSI sequences from the
annotation text, and a newline spelled ``\x0a`` cannot start a ``::add-mask::`` or
``::stop-commands::`` line even where the toolkit's escaping is undone. So a hostile file name
or value shows up as text, and the toolkit escaping below still round-trips ``%``, ``:`` and ``,``.

No summary line is printed: every line of this format is a command, as ruff's ``github``
format does; the CLI's exit code already says whether the run failed.
"""

from __future__ import annotations

from configlint.diagnostics import Diagnostic, Severity
from configlint.escaping import visible
from configlint.reporters.base import RunResult

COMMANDS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}
"""GitHub has exactly three annotation levels; ``info`` findings become notices."""


def escape_data(text: str) -> str:
    """Escape a command's message (``escapeData``): ``%`` first, so escapes are not re-escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``escapeProperty``): also ``:`` and ``,``, the property delimiters."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def title(diagnostic: Diagnostic, result: RunResult) -> str:
    """``CODE name`` (the rule's name when the diagnostic does not carry one), the annotation's heading."""
    rule = result.rules.get(diagnostic.code)
    name = diagnostic.rule_name or (rule.name if rule is not None else "")
    return f"{diagnostic.code} {name}".strip()


def command(diagnostic: Diagnostic, result: RunResult) -> str:
    """One workflow command line (without its newline).

    Like the toolkit, properties with an empty or zero value are left out rather than sent
    empty: a diagnostic without a position (line 0) is annotated on the whole file.
    """
    properties = (
        ("file", diagnostic.file),
        ("line", str(diagnostic.line) if diagnostic.line > 0 else ""),
        ("col", str(diagnostic.column) if diagnostic.line > 0 and diagnostic.column > 0 else ""),
        ("title", title(diagnostic, result)),
    )
    rendered = ",".join(f"{key}={escape_property(visible(value))}" for key, value in properties if value)
    head = COMMANDS[diagnostic.severity] + (f" {rendered}" if rendered else "")
    return f"::{head}::{escape_data(visible(diagnostic.message))}"


def format_github(result: RunResult) -> str:
    """All findings as workflow commands, one per line, in the order the engine sorted them."""
    return "".join(command(diagnostic, result) + "\n" for diagnostic in result.diagnostics)
