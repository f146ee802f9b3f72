"""reviewdog's Diagnostic Format (``rdjson``): one ``DiagnosticResult`` for ``reviewdog -f=rdjson``.

Each finding is a ``Diagnostic`` with its message, ``ERROR``/``WARNING``/``INFO`` severity, the
rule code with a link to its documentation, and a location. reviewdog's columns count UTF-8
*bytes* (its schema's example: the column after ``a𐐀`` is 6), while configlint's count code
points, so a column is given only when the file's text is in ``RunResult.sources`` to convert
it; otherwise the range is the whole line, which reviewdog handles line-wise. Fixes are not
sent as ``suggestions``: those are text ranges, and a diagnostic's fix is JSON-pointer edits.
"""

from __future__ import annotations

import re
from typing import Any

from configlint.diagnostics import Diagnostic, Severity
from configlint.escaping import dumps
from configlint.reporters.base import RunResult
from configlint.reporters.locations import information_uri, rule_uri

SEVERITIES: dict[Severity, str] = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}

_NEWLINE = re.compile(r"\r\n|\r|\n")


def format_rdjson(result: RunResult) -> str:
    named = {d.file for d in result.diagnostics}
    lines = {file: _NEWLINE.split(text) for file, text in result.sources.items() if file in named}
    document = {
        "source": {"name": "configlint", "url": information_uri()},
        "diagnostics": [_diagnostic(d, result, lines.get(d.file)) for d in result.diagnostics],
    }
    return dumps(document, indent=2) + "\n"


def _diagnostic(diagnostic: Diagnostic, result: RunResult, lines: list[str] | None) -> dict[str, Any]:
    code: dict[str, str] = {"value": diagnostic.code}
    rule = result.rules.get(diagnostic.code)
    url = rule_uri(rule.code, rule.name) if rule is not None else None
    if url is not None:
        code["url"] = url
    location: dict[str, Any] = {"path": diagnostic.file}
    if diagnostic.line > 0:
        start: dict[str, int] = {"line": diagnostic.line}
        column = byte_column(lines, diagnostic.line, diagnostic.column)
        if column is not None:
            start["column"] = column
        location["range"] = {"start": start}
    return {
        "message": diagnostic.message,
        "location": location,
        "severity": SEVERITIES[diagnostic.severity],
        "code": code,
    }


def byte_column(lines: list[str] | None, line: int, column: int) -> int | None:
    """The 1-based UTF-8 byte column of code-point ``column`` on ``line``; None when it cannot be known."""
    if lines is None or column <= 0 or line > len(lines):
        return None
    prefix = lines[line - 1][: column - 1]
    return len(prefix.encode("utf-8", "surrogatepass")) + 1
