"""Output formats for ``configlint check --output-format``: an explicit table of formatters.

Each formatter lives in its own module and turns a finished :class:`RunResult` into text.
The table names modules rather than importing them, so a pre-commit run that prints text
does not pay for ElementTree, urllib or package metadata.
"""

from __future__ import annotations

from importlib import import_module

from configlint.reporters.base import Formatter, RunResult
from configlint.reporters.text import format_statistics

FORMATTERS: dict[str, str] = {
    "text": "configlint.reporters.text:format_text",
    "json": "configlint.reporters.json_format:format_json",
    "github": "configlint.reporters.github:format_github",
    "sarif": "configlint.reporters.sarif:format_sarif",
    "junit": "configlint.reporters.junit:format_junit",
}
"""Format name → ``module:function`` of its formatter."""


def get_formatter(name: str) -> Formatter:
    module, _, function = FORMATTERS[name].partition(":")
    formatter: Formatter = getattr(import_module(module), function)
    return formatter


__all__ = ["FORMATTERS", "Formatter", "RunResult", "format_statistics", "get_formatter"]
