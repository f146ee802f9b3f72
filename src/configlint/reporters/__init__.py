"""Output formats for ``configlint check --output-format``: an explicit table of formatters.

Each formatter lives in its own module and turns a finished :class:`RunResult` into text.
"""

from __future__ import annotations

from configlint.reporters.base import Formatter, RunResult
from configlint.reporters.github import format_github
from configlint.reporters.json_format import format_json
from configlint.reporters.junit import format_junit
from configlint.reporters.sarif import format_sarif
from configlint.reporters.text import format_statistics, format_text

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
    "junit": format_junit,
}

__all__ = ["FORMATTERS", "Formatter", "RunResult", "format_statistics"]
